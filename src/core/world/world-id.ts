/**
 * A fresh world id: `w`, the time in base 36, then a random suffix. Time first so ids of worlds
 * made one after another sort roughly by age; the suffix keeps two tabs (or a duplicate made in
 * the same millisecond) apart. Ids never contain `/` or `@`: storage keys are built from them
 * (`${id}/…` for frames and assets, `${id}@${generation}` for manifests).
 */
export function newWorldId(): string {
  return `w${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`
}
