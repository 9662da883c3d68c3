import type { ReactNode } from "react";
import type { SortDir, SortKey } from "../../lib/sort";

/** A column of the generic table: how to sort it, show it and export it. */
export interface Column<T> {
  /** Key in the URL (?sort=…) and CSV header. */
  id: string;
  /** Accessible name of the column header (the SPEC field name). */
  name: string;
  /** Short visible header. */
  header: string;
  /** Explanation shown as a tooltip. */
  title?: string;
  width: number;
  align?: "left" | "right" | "center";
  sortKey: (row: T) => SortKey;
  /** Sort ascending on first click (names, uids); values sort descending first. */
  ascendingFirst?: boolean;
  render: (row: T) => ReactNode;
  csv: (row: T) => string;
}

export interface SortState {
  id: string;
  dir: SortDir;
}
