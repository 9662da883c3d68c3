// Sorting of table rows through an index permutation: keys are extracted once per column, so a re-sort of
// 4096 rows compares numbers in a typed array rather than calling accessors n·log n times.

export type SortDir = "asc" | "desc";
export type SortKey = number | string | bigint | boolean;

/**
 * Returns the indices of `keys` in sorted order. Ties keep their original (uid) order in both directions,
 * so a view is deterministic and shareable.
 */
export function sortedIndices(keys: readonly SortKey[], dir: SortDir): Uint32Array {
  const n = keys.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n === 0) return idx;
  const sign = dir === "asc" ? 1 : -1;
  const first = keys[0];
  if (typeof first === "number" || typeof first === "boolean" || typeof first === "bigint") {
    const nums = new Float64Array(n);
    for (let i = 0; i < n; i++) nums[i] = Number(keys[i]);
    // Typed-array sort with a comparator is stable in every current engine.
    return idx.sort((a, b) => sign * (nums[a] - nums[b]) || a - b);
  }
  const strs = keys as readonly string[];
  return idx.sort((a, b) => {
    const x = strs[a];
    const y = strs[b];
    return (x < y ? -sign : x > y ? sign : 0) || a - b;
  });
}

export function applyOrder<T>(rows: readonly T[], order: Uint32Array): T[] {
  const out = new Array<T>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = rows[order[i]];
  return out;
}

export function sortRows<T>(rows: readonly T[], key: (row: T) => SortKey, dir: SortDir): T[] {
  const keys = rows.map(key);
  return applyOrder(rows, sortedIndices(keys, dir));
}
