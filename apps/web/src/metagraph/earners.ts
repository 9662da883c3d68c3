// Top earners over a window of epochs: emission summed per hotkey across the window's metagraphs.
import type { Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export interface Earner {
  hotkey: string;
  /** The uid it holds in the newest metagraph of the window where it appears. */
  uid: number;
  total: bigint;
  epochs: number;
}

export function topEarners(metagraphs: readonly Metagraph[], limit: number): Earner[] {
  const byHotkey = new Map<string, Earner>();
  // Oldest first, so the uid recorded at the end is the newest.
  const ordered = [...metagraphs].sort((a, b) => Number(a.epochBlock - b.epochBlock));
  const seen = new Set<bigint>();
  for (const mg of ordered) {
    if (seen.has(mg.epochBlock)) continue; // two picks may land on the same epoch
    seen.add(mg.epochBlock);
    mg.hotkeys.forEach((hotkey, uid) => {
      const e = mg.emission[uid] ?? 0n;
      const cur = byHotkey.get(hotkey) ?? { hotkey, uid, total: 0n, epochs: 0 };
      cur.uid = uid;
      cur.total += e;
      cur.epochs += 1;
      byHotkey.set(hotkey, cur);
    });
  }
  return [...byHotkey.values()]
    .filter((e) => e.total > 0n)
    .sort((a, b) => (b.total > a.total ? 1 : b.total < a.total ? -1 : a.uid - b.uid))
    .slice(0, limit);
}
