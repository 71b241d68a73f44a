/** The k-th smallest value (0-based) of `a`, reordering `a`: Hoare's quickselect, O(n) on average. */
export function nthSmallest(a: Float32Array | Float64Array, k: number): number {
  let lo = 0
  let hi = a.length - 1
  while (lo < hi) {
    // Median of three as the pivot, so sorted or constant runs stay linear.
    const mid = (lo + hi) >>> 1
    const x = a[lo]!, y = a[mid]!, z = a[hi]! // prettier-ignore
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        const t = a[i]!
        a[i++] = a[j]!
        a[j--] = t
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}
