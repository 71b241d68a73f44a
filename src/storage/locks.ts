/**
 * Runs `fn` holding a Web Lock, so two tabs of the same world never interleave a manifest swap.
 * Where `navigator.locks` is missing (old browsers, Node), runs unlocked: one tab is then the
 * only writer anyway, and IndexedDB transactions still keep each write whole.
 */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  if (!locks) return fn()
  return locks.request(name, fn) as Promise<T>
}
