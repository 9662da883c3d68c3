// ARIA roles on divs, not <table> elements: virtualised rows are absolutely positioned grid rows, which
// table layout cannot do, so the table semantics are given explicitly (WAI-ARIA table pattern).
// biome-ignore-all lint/a11y/useSemanticElements: see above
// biome-ignore-all lint/a11y/useFocusableInteractive: rows and headers are not widgets; the sort buttons are
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import type { Column, SortState } from "./columns";

interface DataTableProps<T> {
  label: string;
  columns: readonly Column<T>[];
  /** Already filtered and sorted (see useSortedRows). */
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  sort?: SortState;
  onSort?: (columnId: string) => void;
  testId?: string;
  rowHeight?: number;
  /** CSS height of the scroll area; rows beyond it are virtualised. */
  height?: string;
  empty?: string;
}

function ariaSort(sort: SortState | undefined, id: string): "ascending" | "descending" | "none" {
  if (!sort || sort.id !== id) return "none";
  return sort.dir === "asc" ? "ascending" : "descending";
}

/**
 * The one generic table: sortable headers, virtualised rows (only those in view are in the DOM) and ARIA
 * table semantics (aria-rowcount on the table, aria-rowindex on each row, aria-sort on headers), so screen
 * readers and test tools read it as a table although most rows are not rendered.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { columns, rows, sort, onSort, rowHeight = 34 } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const template = columns.map((c) => `${c.width}px`).join(" ");
  const minWidth = columns.reduce((s, c) => s + c.width, 0);
  const items = virtualizer.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      className="dt"
      role="table"
      aria-label={props.label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      data-testid={props.testId}
      data-rowcount={rows.length}
      style={{ height: props.height ?? "70vh" }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the scroll area must be reachable by keyboard
      tabIndex={0}
    >
      <div role="rowgroup" className="dt-head" style={{ minWidth }}>
        <div role="row" aria-rowindex={1} className="dt-row" style={{ gridTemplateColumns: template }}>
          {columns.map((c, i) => (
            <div
              key={c.id}
              role="columnheader"
              aria-label={c.name}
              aria-sort={onSort ? ariaSort(sort, c.id) : undefined}
              aria-colindex={i + 1}
              className={`dt-cell dt-${c.align ?? "left"}`}
              title={c.title}
              data-column={c.id}
            >
              {onSort ? (
                <button type="button" className="dt-sort" onClick={() => onSort(c.id)}>
                  {c.header}
                  <span aria-hidden="true" className="dt-arrow">
                    {sort?.id === c.id ? (sort.dir === "asc" ? "▲" : "▼") : ""}
                  </span>
                </button>
              ) : (
                c.header
              )}
            </div>
          ))}
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="dt-empty" data-testid="table-empty">
          {props.empty ?? "Nothing to show."}
        </div>
      ) : (
        <div role="rowgroup" className="dt-body" style={{ height: virtualizer.getTotalSize(), minWidth }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={props.rowKey(row)}
                role="row"
                aria-rowindex={item.index + 2}
                className="dt-row"
                data-testid="dt-row"
                style={{
                  gridTemplateColumns: template,
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {columns.map((c, i) => (
                  <div
                    key={c.id}
                    role="cell"
                    aria-colindex={i + 1}
                    className={`dt-cell dt-${c.align ?? "left"}`}
                  >
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
