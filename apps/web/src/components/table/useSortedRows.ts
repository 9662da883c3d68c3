import { useMemo } from "react";
import { applyOrder, sortedIndices } from "../../lib/sort";
import type { Column, SortState } from "./columns";

/**
 * Rows in the order of `sort`. Keys are extracted once per (rows, column) and sorted as a typed permutation,
 * so re-sorting 4096 rows takes a few milliseconds.
 */
export function useSortedRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState): T[] {
  const column = columns.find((c) => c.id === sort.id) ?? columns[0];
  return useMemo(() => {
    const keys = rows.map(column.sortKey);
    return applyOrder(rows, sortedIndices(keys, sort.dir));
  }, [rows, column, sort.dir]);
}
