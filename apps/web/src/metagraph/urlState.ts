// The metagraph view's state in the URL (?sort=incentive&dir=desc&filter=validators&q=...&at=1234&units=pct),
// so a view can be shared. Defaults are left out of the URL.
import type { ShareUnit } from "../format";
import type { SortDir } from "../lib/sort";
import { ROLE_FILTERS, type RoleFilter } from "./rows";

export interface MetagraphView {
  sort: string;
  dir: SortDir;
  filter: RoleFilter;
  q: string;
  at: number | undefined;
  units: ShareUnit;
}

export const DEFAULT_VIEW: MetagraphView = {
  sort: "uid",
  dir: "asc",
  filter: "all",
  q: "",
  at: undefined,
  units: "fraction",
};

export function parseView(params: URLSearchParams, sortable: readonly string[]): MetagraphView {
  const sort = params.get("sort") ?? DEFAULT_VIEW.sort;
  const dir = params.get("dir");
  const filter = params.get("filter") as RoleFilter | null;
  const at = params.get("at");
  const atNum = at !== null && /^\d+$/.test(at) ? Number(at) : undefined;
  return {
    sort: sortable.includes(sort) ? sort : DEFAULT_VIEW.sort,
    dir: dir === "asc" || dir === "desc" ? dir : DEFAULT_VIEW.dir,
    filter: filter && ROLE_FILTERS.includes(filter) ? filter : DEFAULT_VIEW.filter,
    q: params.get("q") ?? "",
    at: atNum,
    units: params.get("units") === "pct" ? "percent" : "fraction",
  };
}

export function writeView(view: MetagraphView, base?: URLSearchParams): URLSearchParams {
  const p = new URLSearchParams(base);
  const set = (key: string, value: string | undefined, fallback: string | undefined) => {
    if (value === undefined || value === fallback) p.delete(key);
    else p.set(key, value);
  };
  set("sort", view.sort, DEFAULT_VIEW.sort);
  set("dir", view.dir, DEFAULT_VIEW.dir);
  set("filter", view.filter, DEFAULT_VIEW.filter);
  set("q", view.q, "");
  set("at", view.at === undefined ? undefined : String(view.at), undefined);
  set("units", view.units === "percent" ? "pct" : undefined, undefined);
  return p;
}

/** Clicking a column: a new column sorts descending for values (ascending for uid and keys); again flips. */
export function nextSort(view: MetagraphView, column: string, ascendingFirst: boolean): MetagraphView {
  if (view.sort === column) return { ...view, dir: view.dir === "asc" ? "desc" : "asc" };
  return { ...view, sort: column, dir: ascendingFirst ? "asc" : "desc" };
}
