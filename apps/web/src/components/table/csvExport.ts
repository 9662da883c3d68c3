import { toCsv } from "../../lib/csv";
import type { Column } from "./columns";

export function rowsToCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  return toCsv(
    columns.map((c) => c.name),
    rows.map((r) => columns.map((c) => c.csv(r))),
  );
}

/** Saves text as a file through a temporary object URL (the browser's download, no server round trip). */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
