// A Sybil registration burst against the real ledger (LedgerNode: real state machine, real SQLite file): one
// coldkey registers hotkey after hotkey as fast as the chain allows, willing to pay any burn up to the
// subnet's max_burn. What each registration burned, what the burst cost, how many UIDs it held, and what an
// honest registrant pays before and after. Shared by attacks/sybil.test.ts and bench/attacks.ts.

import type { LedgerNode } from "../../../apps/gateway/src/ledger/node";
import { getAccount, getNeuron, getSubnet } from "../../../apps/gateway/src/ledger/state/access";
import type { SubnetInfo } from "../../../apps/gateway/src/ledger/state/types";
import { generatedKeypair } from "../../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../../src/shared/extrinsics";
import type { Keypair } from "../../../src/shared/keys";

export const NETUID = 1;
export const TOKEN = 1_000_000_000n;
const HONEST_SEED = "attacks/sybil/honest";
const SYBIL_SEED = "attacks/sybil/attacker";

export interface SybilSetup {
  /** UIDs the subnet allows. */
  readonly maxUids: number;
  /** Honest neurons with stake (they earn a pruning score above 0). */
  readonly staked: number;
  /** Honest neurons registered long ago with no stake yet (pruning score 0, not immune). */
  readonly unscored: number;
  /** The subnet's burn at genesis (rao). */
  readonly initialBurn: bigint;
}

export const DEFAULT_SETUP: SybilSetup = { maxUids: 32, staked: 12, unscored: 4, initialBurn: TOKEN };

export const honestHotkey = (i: number) => generatedKeypair(HONEST_SEED, "hotkey", i).ss58;
export const sybilHotkey = (i: number) => generatedKeypair(SYBIL_SEED, "hotkey", i).ss58;

/**
 * The devnet's registration parameters (genesis defaults: target 2 per 100-block interval, 1 per block,
 * immunity 100 blocks, min_burn 0.0005, max_burn 100 tokens) on a small subnet that is partly full.
 */
export function sybilGenesis(setup: SybilSetup = DEFAULT_SETUP): Record<string, unknown> {
  const funded = ["alice", "bob", "charlie", "dave", "eve"];
  return {
    chain_id: "neuralmesh-attacks-sybil",
    authority: "dev:authority",
    block_time_ms: 1000,
    fee: "100000",
    balances: funded.map((n) => ({ address: `dev:${n}`, free: "1000000000000000" })),
    subnets: [
      {
        netuid: NETUID,
        name: "text",
        modality: "text",
        owner: "dev:alice",
        burn: setup.initialBurn.toString(),
        hyperparameters: { max_allowed_uids: setup.maxUids },
        neurons: Array.from({ length: setup.staked + setup.unscored }, (_, i) => ({
          hotkey: honestHotkey(i),
          coldkey: "dev:bob",
          stake: i < setup.staked ? String(BigInt(i + 1) * 10n * TOKEN) : "0",
        })),
      },
    ],
  };
}

export interface Registration {
  readonly index: number;
  readonly hotkey: string;
  readonly block: bigint;
  /** 1-based adjustment interval of the burst the registration fell in. */
  readonly interval: number;
  readonly burn: bigint;
  readonly fee: bigint;
  readonly uid: number;
  /** The hotkey whose UID it took, when the subnet was full. */
  readonly replaced?: string;
}

export interface HonestQuote {
  readonly block: bigint;
  readonly burn: bigint;
}

export interface SybilReport {
  readonly subnet: SubnetInfo;
  readonly registrations: readonly Registration[];
  /** What the attacker's coldkey lost: every burn plus every fee. */
  readonly attackerCost: bigint;
  readonly burned: bigint;
  readonly blocks: bigint;
  /** Most UIDs the attacker held at once, and at the end. */
  readonly peakSlots: number;
  readonly finalSlots: number;
  /** Honest hotkeys that lost their UID: staked ones, and ones with no stake or score yet (of `unscored`). */
  readonly displacedStaked: number;
  readonly displacedUnscored: number;
  readonly unscored: number;
  /** An honest registration before the burst and the first one the chain admits after it. */
  readonly honestBefore: Registration;
  readonly honestAfter: Registration;
  /** Blocks the honest registrant after the burst waited for the interval cap to reopen. */
  readonly honestWait: bigint;
  /** The burn an honest registrant faces at each interval after the burst, until it is back to the start. */
  readonly recovery: readonly HonestQuote[];
}

export interface SybilOptions {
  /** Registrations in the burst. */
  readonly count: number;
  readonly setup?: SybilSetup;
  /** Blocks to give up after, so a rule change can never loop forever. */
  readonly maxBlocks?: number;
}

function subnetOf(ledger: LedgerNode): SubnetInfo {
  const subnet = getSubnet(ledger.state, NETUID);
  if (!subnet) throw new Error(`subnet ${NETUID} is missing from the genesis`);
  return subnet;
}

/** Registers `hotkeys` in the next block (as many as one block admits) and returns what each paid. */
async function registerInBlock(
  ledger: LedgerNode,
  coldkey: Keypair,
  hotkeys: readonly { index: number; hotkey: string }[],
  interval: number,
): Promise<Registration[]> {
  const maxBurn = subnetOf(ledger).hp.maxBurn;
  const waits: Promise<Awaited<ReturnType<LedgerNode["waitForInclusion"]>>>[] = [];
  const startNonce = getAccount(ledger.state, coldkey.ss58).nonce;
  hotkeys.forEach(({ hotkey }, k) => {
    const payload = buildPayload({
      call: calls.burnedRegister(NETUID, hotkey, maxBurn),
      signer: coldkey.ss58,
      nonce: startNonce + BigInt(k),
      genesisHash: ledger.params.genesisHash,
    });
    const xt = ledger.submit(signPayload(payload, coldkey).bytes);
    waits.push(ledger.waitForInclusion(xt.hashHex, 30_000));
  });
  ledger.produceBlock();
  const included = await Promise.all(waits);
  return included.map((inc, k) => {
    const { outcome } = inc;
    if (!outcome.success)
      throw new Error(`registration ${hotkeys[k].index} failed: ${outcome.error} ${outcome.message}`);
    const ev = outcome.events.find((e) => e.kind === "NeuronRegistered");
    if (!ev) throw new Error("a registration without its NeuronRegistered event");
    return {
      index: hotkeys[k].index,
      hotkey: hotkeys[k].hotkey,
      block: inc.blockNumber,
      interval,
      burn: BigInt(ev.fields.burn),
      fee: outcome.fee,
      uid: Number(ev.fields.uid),
      ...(ev.fields.replaced ? { replaced: ev.fields.replaced } : {}),
    };
  });
}

/**
 * How many registrations the pool admits for the next block. Admission dry-runs against the committed state,
 * so the interval's count resets only once the first block of the new interval is committed.
 */
function admitted(ledger: LedgerNode): number {
  const { hp, regsThisInterval } = subnetOf(ledger);
  return Math.max(
    0,
    Math.min(hp.maxRegistrationsPerBlock, 3 * hp.targetRegistrationsPerInterval - regsThisInterval),
  );
}

function slotsHeld(ledger: LedgerNode, sybils: ReadonlySet<string>): number {
  const subnet = subnetOf(ledger);
  let held = 0;
  for (let uid = 0; uid < subnet.n; uid++)
    if (sybils.has(getNeuron(ledger.state, NETUID, uid)!.hotkey)) held++;
  return held;
}

/** Produces empty blocks until the next block starts a new adjustment interval. */
function toIntervalStart(ledger: LedgerNode): void {
  const interval = BigInt(subnetOf(ledger).hp.adjustmentInterval);
  while ((ledger.bestNumber + 1n) % interval !== 0n) ledger.produceBlock();
}

/**
 * The burst, on a fresh ledger opened on sybilGenesis: honest newcomers register at the target rate for an
 * interval, then the attacker registers `count` hotkeys, each as soon as the per-block and per-interval caps
 * allow, from a new interval on; an honest newcomer registers as soon as it can after it, then the burn is
 * read at each interval until it is back where it started.
 */
export async function sybilBurst(
  ledger: LedgerNode,
  attacker: Keypair,
  honest: Keypair,
  opts: SybilOptions,
): Promise<SybilReport> {
  const setup = opts.setup ?? DEFAULT_SETUP;
  const maxBlocks = BigInt(opts.maxBlocks ?? 20_000);
  const start = ledger.bestNumber;
  const guard = () => {
    if (ledger.bestNumber - start > maxBlocks)
      throw new Error(`the burst did not finish within ${maxBlocks} blocks`);
  };
  const initialBurn = subnetOf(ledger).burn;
  // Before the burst honest newcomers arrive at the target rate, which holds the burn where it is.
  const target = subnetOf(ledger).hp.targetRegistrationsPerInterval;
  const before: Registration[] = [];
  for (let k = 0; k < target; k++) {
    while (admitted(ledger) === 0) ledger.produceBlock();
    before.push(
      ...(await registerInBlock(ledger, honest, [{ index: -1 - k, hotkey: honestHotkey(1000 + k) }], 0)),
    );
  }
  const honestBefore = before[0];
  toIntervalStart(ledger);
  const burstStart = ledger.bestNumber + 1n;
  const interval = BigInt(subnetOf(ledger).hp.adjustmentInterval);
  const freeBefore = getAccount(ledger.state, attacker.ss58).free;
  const sybils = new Set<string>();
  const registrations: Registration[] = [];
  let peakSlots = 0;
  while (registrations.length < opts.count) {
    guard();
    const room = Math.min(admitted(ledger), opts.count - registrations.length);
    if (room === 0) {
      ledger.produceBlock();
      continue;
    }
    const batch = Array.from({ length: room }, (_, k) => {
      const index = registrations.length + k;
      return { index, hotkey: sybilHotkey(index) };
    });
    for (const { hotkey } of batch) sybils.add(hotkey);
    const which = Number((ledger.bestNumber + 1n - burstStart) / interval) + 1;
    registrations.push(...(await registerInBlock(ledger, attacker, batch, which)));
    peakSlots = Math.max(peakSlots, slotsHeld(ledger, sybils));
  }
  const attackerCost = freeBefore - getAccount(ledger.state, attacker.ss58).free;
  const finalSlots = slotsHeld(ledger, sybils);
  // An honest newcomer right after: it waits while the burst has used up the interval's registrations.
  const burstEnd = ledger.bestNumber;
  while (admitted(ledger) === 0) {
    guard();
    ledger.produceBlock();
  }
  const [honestAfter] = await registerInBlock(
    ledger,
    honest,
    [{ index: -100, hotkey: honestHotkey(2000) }],
    0,
  );
  const recovery: HonestQuote[] = [];
  for (;;) {
    guard();
    toIntervalStart(ledger);
    ledger.produceBlock();
    const burn = subnetOf(ledger).burn;
    recovery.push({ block: ledger.bestNumber, burn });
    if (burn <= initialBurn) break;
  }
  const replaced = new Set(registrations.flatMap((r) => (r.replaced ? [r.replaced] : [])));
  const staked = Array.from({ length: setup.staked }, (_, i) => honestHotkey(i));
  // Unscored: genesis neurons without stake and the newcomers of the interval before, none with a score yet.
  const unscored = [
    ...Array.from({ length: setup.unscored }, (_, i) => honestHotkey(setup.staked + i)),
    ...before.map((r) => r.hotkey),
  ];
  return {
    subnet: subnetOf(ledger),
    registrations,
    attackerCost,
    burned: registrations.reduce((a, r) => a + r.burn, 0n),
    blocks: registrations[registrations.length - 1].block - burstStart + 1n,
    peakSlots,
    finalSlots,
    displacedStaked: staked.filter((h) => replaced.has(h)).length,
    displacedUnscored: unscored.filter((h) => replaced.has(h)).length,
    unscored: unscored.length,
    honestBefore,
    honestAfter,
    honestWait: honestAfter.block - burstEnd,
    recovery,
  };
}

/** The burst summed up per adjustment interval: the table docs/attacks.md shows. */
export function perInterval(
  report: SybilReport,
): { interval: number; registrations: number; burn: bigint; cumulative: bigint }[] {
  const rows: { interval: number; registrations: number; burn: bigint; cumulative: bigint }[] = [];
  let cumulative = 0n;
  for (const r of report.registrations) {
    cumulative += r.burn;
    const last = rows[rows.length - 1];
    if (last && last.interval === r.interval && last.burn === r.burn) {
      last.registrations++;
      last.cumulative = cumulative;
    } else rows.push({ interval: r.interval, registrations: 1, burn: r.burn, cumulative });
  }
  return rows;
}
