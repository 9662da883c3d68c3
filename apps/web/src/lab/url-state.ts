// The lab's view in the URL's search params, compact so a link stays short: netuid, epoch, the selected
// server (uid) and the edits (k, bma, y3, la, s = "uid:rao,…", w = "row.col:u16,…"). Unreadable parts are
// dropped rather than failing the page: a link typed by hand still opens.
import type { LabEdits, WeightEdit } from "./edits";

export interface LabView {
  netuid?: number;
  epoch?: number;
  /** The server whose clipping is shown. */
  uid?: number;
  edits: LabEdits;
}

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
  return {
    netuid: int(params.get("netuid"), 65535),
    epoch: int(params.get("epoch")),
    uid: int(params.get("uid"), 65535),
    edits: {
      kappa: int(params.get("k"), 65535),
      bondsMovingAverage: int(params.get("bma"), 1_000_000),
      yuma3: flag(params.get("y3")),
      liquidAlpha: flag(params.get("la")),
      stake,
      weights,
    },
  };
}

export function writeLabView(view: LabView): URLSearchParams {
  const p = new URLSearchParams();
  const e = view.edits;
  if (view.netuid !== undefined) p.set("netuid", String(view.netuid));
  if (view.epoch !== undefined) p.set("epoch", String(view.epoch));
  if (view.uid !== undefined) p.set("uid", String(view.uid));
  if (e.kappa !== undefined) p.set("k", String(e.kappa));
  if (e.bondsMovingAverage !== undefined) p.set("bma", String(e.bondsMovingAverage));
  if (e.yuma3 !== undefined) p.set("y3", e.yuma3 ? "1" : "0");
  if (e.liquidAlpha !== undefined) p.set("la", e.liquidAlpha ? "1" : "0");
  if (e.stake.length > 0) p.set("s", e.stake.map((s) => `${s.uid}:${s.rao}`).join(","));
  if (e.weights.length > 0) p.set("w", e.weights.map((w) => `${w.row}.${w.col}:${w.value}`).join(","));
  return p;
}
