// "Epochs resumed paying": after the last fault, every validator sets weights again and a later epoch pays
// servers and validators, moving the miners' incentive and stake. Stale weights from before a fault would
// keep paying on their own, so the epoch counted must come after each validator's new weights.
import type { CheckResult } from "./checks";
import type { LedgerClient } from "./transfers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PayingSnapshot {
  block: bigint;
  /** Σ stake of the miners' hotkeys: server emission is paid as stake on them. */
  minerStake: bigint;
}

export async function payingSnapshot(
  client: LedgerClient,
  netuid: number,
  minerHotkeys: readonly string[],
): Promise<PayingSnapshot> {
  const mg = await client.getMetagraph({ netuid });
  let minerStake = 0n;
  for (const h of minerHotkeys) minerStake += mg.stake[mg.hotkeys.indexOf(h)] ?? 0n;
  return { block: mg.block, minerStake };
}

/** The first epoch after `since` that paid servers and validators (server > 0), or undefined. */
export async function payingEpochAfter(
  client: LedgerClient,
  netuid: number,
  since: bigint,
): Promise<{ block: bigint; server: bigint; validator: bigint } | undefined> {
  const { epochs } = await client.getEmissionHistory({ netuid, limit: 64 });
  const paying = epochs.filter((e) => e.block > since && e.server > 0n && e.validator > 0n);
  return paying.sort((a, b) => (a.block < b.block ? -1 : 1))[0];
}

export async function checkEpochsResumed(
  client: LedgerClient,
  opts: {
    netuid: number;
    validatorHotkeys: readonly string[];
    minerHotkeys: readonly string[];
    /** The authority's metagraph right after the faults stopped. */
    before: PayingSnapshot;
    timeoutMs: number;
  },
): Promise<CheckResult> {
  const name = "epochs paid again after the last restart";
  const deadline = Date.now() + opts.timeoutMs;
  let why = "not checked";
  while (Date.now() < deadline) {
    try {
      const mg = await client.getMetagraph({ netuid: opts.netuid });
      const updates = opts.validatorHotkeys.map((h) => mg.lastUpdate[mg.hotkeys.indexOf(h)] ?? 0n);
      let weightsAt = 0n; // bigints: no Math.max
      for (const u of updates) if (u > weightsAt) weightsAt = u;
      if (updates.some((u) => u <= opts.before.block)) {
        why = `validators' last weights at blocks [${updates.join(", ")}], faults ended at ${opts.before.block}`;
      } else {
        const epoch = await payingEpochAfter(client, opts.netuid, weightsAt);
        const now = await payingSnapshot(client, opts.netuid, opts.minerHotkeys);
        const incentive = opts.minerHotkeys.reduce(
          (a, h) => a + (mg.incentive[mg.hotkeys.indexOf(h)] ?? 0),
          0,
        );
        if (!epoch) why = `no paying epoch after the validators' weights (block ${weightsAt})`;
        else if (now.minerStake <= opts.before.minerStake) why = "miners' stake did not grow";
        else if (incentive === 0) why = "miners' incentive is 0";
        else {
          return {
            name,
            ok: true,
            detail:
              `weights at [${updates.join(", ")}] after block ${opts.before.block}; epoch ${epoch.block} paid ` +
              `servers ${epoch.server} and validators ${epoch.validator} rao; miners' stake ` +
              `${opts.before.minerStake} → ${now.minerStake}`,
          };
        }
      }
    } catch (e) {
      why = String(e);
    }
    await sleep(500);
  }
  return { name, ok: false, detail: why };
}
