// The lab's view in the URL's search params, compact so a link stays short: netuid, epoch, the selected
// server (uid), the epoch picker's page size (eps) and the edits (k, bma, y3, la, s = "uid:rao,…",
// w = "row.col:u16,…" cell edits, wr = "row:col=u16;col=u16,…" whole rows). Unreadable parts are dropped
// rather than failing the page: a link typed by hand, or written before a param existed, still opens.
import type { LabEdits, RowEdit, WeightEdit } from "./edits";

export interface LabView {
  netuid?: number;
  epoch?: number;
  /** The server whose clipping is shown. */
  uid?: number;
  /** Epochs per page of the epoch picker (default 50); in the URL so a test or a link can ask for less. */
  pageSize?: number;
  edits: LabEdits;
}

/** ListEpochs serves at most 1000 a call and the picker asks for one more than it shows (is there more?). */
export const MAX_PAGE_SIZE = 999;

const UINT = /^\d+$/;

function int(v: string | null, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === null || !UINT.test(v)) return undefined;
  const x = Number(v);
  return x <= max ? x : undefined;
}

function flag(v: string | null): boolean | undefined {
  return v === "1" ? true : v === "0" ? false : undefined;
}

export function readLabView(params: URLSearchParams): LabView {
  const stake: { uid: number; rao: bigint }[] = [];
  for (const part of (params.get("s") ?? "").split(",")) {
    const m = /^(\d+):(\d+)$/.exec(part);
    if (m) stake.push({ uid: Number(m[1]), rao: BigInt(m[2]) });
  }
  const weights: WeightEdit[] = [];
  for (const part of (params.get("w") ?? "").split(",")) {
    const m = /^(\d+)\.(\d+):(\d+)$/.exec(part);
    if (m && Number(m[3]) <= 65535)
      weights.push({ row: Number(m[1]), col: Number(m[2]), value: Number(m[3]) });
  }
  const rows = readRows(params.get("wr") ?? "");
  const pageSize = int(params.get("eps"), MAX_PAGE_SIZE);
  return {
    netuid: int(params.get("netuid"), 65535),
    epoch: int(params.get("epoch")),
    uid: int(params.get("uid"), 65535),
    pageSize: pageSize === 0 ? undefined : pageSize,
    edits: {
      kappa: int(params.get("k"), 65535),
      bondsMovingAverage: int(params.get("bma"), 1_000_000),
      yuma3: flag(params.get("y3")),
      liquidAlpha: flag(params.get("la")),
      stake,
      weights,
      // Absent rather than empty, so a view without row edits reads back equal to one written without them.
      ...(rows.length > 0 ? { rows } : {}),
    },
  };
}

/**
 * `row:col=u16;col=u16,row:…`; `row:` alone is a row with every entry removed. A bad entry drops only
 * itself; a row named twice keeps its last form (as a later edit in the page replaces an earlier one).
 */
function readRows(text: string): RowEdit[] {
  const byRow = new Map<number, RowEdit>();
  for (const part of text.split(",")) {
    const m = /^(\d+):(.*)$/.exec(part);
    if (!m || Number(m[1]) > 65535) continue;
    const entries: [number, number][] = [];
    for (const entry of m[2] === "" ? [] : m[2].split(";")) {
      const e = /^(\d+)=(\d+)$/.exec(entry);
      if (e && Number(e[1]) <= 65535 && Number(e[2]) <= 65535) entries.push([Number(e[1]), Number(e[2])]);
    }
    const row = Number(m[1]);
    byRow.delete(row);
    byRow.set(row, { row, entries });
  }
  return [...byRow.values()];
}

export function writeLabView(view: LabView): URLSearchParams {
  const p = new URLSearchParams();
  const e = view.edits;
  if (view.netuid !== undefined) p.set("netuid", String(view.netuid));
  if (view.epoch !== undefined) p.set("epoch", String(view.epoch));
  if (view.uid !== undefined) p.set("uid", String(view.uid));
  if (view.pageSize !== undefined) p.set("eps", String(view.pageSize));
  if (e.kappa !== undefined) p.set("k", String(e.kappa));
  if (e.bondsMovingAverage !== undefined) p.set("bma", String(e.bondsMovingAverage));
  if (e.yuma3 !== undefined) p.set("y3", e.yuma3 ? "1" : "0");
  if (e.liquidAlpha !== undefined) p.set("la", e.liquidAlpha ? "1" : "0");
  if (e.stake.length > 0) p.set("s", e.stake.map((s) => `${s.uid}:${s.rao}`).join(","));
  if (e.rows && e.rows.length > 0)
    p.set("wr", e.rows.map((r) => `${r.row}:${r.entries.map(([c, v]) => `${c}=${v}`).join(";")}`).join(","));
  if (e.weights.length > 0) p.set("w", e.weights.map((w) => `${w.row}.${w.col}:${w.value}`).join(","));
  return p;
}
