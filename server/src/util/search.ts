// Binary searches over ascending Int32Array columns (the config tables keep line starts, offsets
// and row numbers in them). Pure, no Node.

/** The first index in [0, n) whose value is >= x, n when none: how many of a[0, n) are below x. */
export function lowerBound(a: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in [0, n) whose value is > x, n when none: how many of a[0, n) are at or below x. */
export function upperBound(a: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
