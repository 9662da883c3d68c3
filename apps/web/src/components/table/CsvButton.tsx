import type { Column } from "./columns";
import { downloadText, rowsToCsv } from "./csvExport";

/** Exports every row given (the whole filtered, sorted set, not just the rows on screen). */
export function CsvButton<T>({
  columns,
  rows,
  filename,
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  filename: string;
}) {
  return (
    <button
      type="button"
      data-testid="csv-export"
      onClick={() => downloadText(filename, rowsToCsv(columns, rows))}
      disabled={rows.length === 0}
    >
      Export CSV ({rows.length})
    </button>
  );
}
