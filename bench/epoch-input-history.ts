/**
 * `npm run bench -- epoch-input-history [--n 4096] [--validators 256] [--per-validator 1024] [--epochs 40]
 *   [--replace 2] [--update-share 1]`
 *
 * What keeping each epoch's input costs (apps/gateway/src/ledger/metagraph/epoch-input-store.ts). A subnet of
 * n UIDs, V validators, each weighting its own drifting set of about `per-validator` servers with EMA scores
 * (SPEC §5: every validator sets weights at least once per tempo, so every validator row changes a little
 * every epoch; 2% of each set is swapped each epoch; `update-share` < 1 lets only that share of them set
 * weights in an epoch), `replace` UIDs replaced by newcomers per epoch, stake
 * growing by what each epoch pays. The epochs are real (runEpoch), so the bonds are what the ledger would
 * keep. Each epoch is written through the real store into a SQLite file, and set beside two baselines from
 * the same epochs: the same encoding as a keyframe every epoch (deflated, no deltas), and the raw protobuf
 * EpochInputRecord of the whole epoch (what GetEpochInput sends, uncompressed).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, toBinary } from "@bufbuild/protobuf";
import Database from "better-sqlite3";
import { DEFAULT_HYPERPARAMETERS } from "../apps/gateway/src/ledger/genesis";
import {
  emptyEpoch,
  encodeKeptEpoch,
  type KeptEpoch,
} from "../apps/gateway/src/ledger/metagraph/epoch-input-codec";
import { EpochInputStore, KEYFRAME_EVERY } from "../apps/gateway/src/ledger/metagraph/epoch-input-store";
import { SCHEMA } from "../apps/gateway/src/ledger/storage/schema";
import { type EpochInput, type PackedU16Row, runEpoch } from "../src/shared/consensus";
import { seeded } from "../src/shared/consensus/simulate/prng";
import {
  EpochInputRecordSchema,
  HyperparametersSchema,
  SparseRowSchema,
} from "../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

function option(args: string[], name: string, fallback: string): number {
  const at = args.indexOf(`--${name}`);
  return Number(at >= 0 && at + 1 < args.length ? args[at + 1] : fallback);
}

const EMPTY: PackedU16Row = { uids: new Uint16Array(0), values: new Uint16Array(0) };

/** Max-upscaled u16 weights of a validator's scores (SPEC §5), uids ascending as set_weights sends them. */
function weightRow(scores: Map<number, number>): PackedU16Row {
  const uids = [...scores.keys()].sort((a, b) => a - b);
  let max = 0;
  for (const u of uids) max = Math.max(max, scores.get(u)!);
  return {
    uids: Uint16Array.from(uids),
    values: Uint16Array.from(uids, (u) => Math.max(1, Math.floor((scores.get(u)! / max) * 65535))),
  };
}

function recordBytes(e: KeptEpoch): number {
  const row = (r: PackedU16Row) =>
    create(SparseRowSchema, { uids: Array.from(r.uids), values: Array.from(r.values) });
  const rec = create(EpochInputRecordSchema, {
    netuid: e.netuid,
    epochBlock: BigInt(e.epochBlock),
    currentBlock: BigInt(e.currentBlock),
    raoEmission: e.raoEmission,
    hyperparameters: create(HyperparametersSchema, { ...e.hyperparameters }),
    n: e.stake.length,
    hotkeys: [...e.hotkeys],
    stake: [...e.stake],
    lastUpdate: e.lastUpdate.map(BigInt),
    blockAtRegistration: e.blockAtRegistration.map(BigInt),
    validatorPermit: [...e.validatorPermit],
    weights: e.weights.map(row),
    bonds: e.bonds.map(row),
  });
  return toBinary(EpochInputRecordSchema, rec).length;
}

const KB = 1024;

export default async function (args: string[]): Promise<void> {
  const n = option(args, "n", "4096");
  const validators = option(args, "validators", "256");
  const perValidator = option(args, "per-validator", "1024");
  const epochs = option(args, "epochs", "40");
  const replacePerEpoch = option(args, "replace", "2");
  const updateShare = option(args, "update-share", "1");
  const tempo = 360;
  const r = seeded(0xe90c);
  const hp = { ...DEFAULT_HYPERPARAMETERS, maxAllowedValidators: validators, tempo };

  // The subnet: validators hold ten times a server's stake; every server has a hidden quality.
  const quality = Float64Array.from({ length: n }, () => r());
  const hotkeys = Array.from({ length: n }, (_, i) => `5Hotkey${i.toString().padStart(41, "0")}`);
  const stake = Array.from({ length: n }, (_, i) =>
    BigInt(Math.floor((i < validators ? 1e15 : 1e14) * (1 + r()))),
  );
  const registered = Array.from({ length: n }, () => Math.floor(r() * 1000));
  const lastUpdate = Array.from({ length: n }, () => 0);
  // Validators query the highest-ranked servers first, with some exploration (SPEC §5): three quarters of
  // each set are the same best servers, the rest its own picks, so consensus forms and bonds with it.
  const servers = Array.from({ length: n - validators }, (_, j) => validators + j);
  const best = [...servers].sort((a, b) => quality[b] - quality[a]).slice(0, Math.floor(perValidator * 0.75));
  const pick = () => validators + Math.floor(r() * (n - validators));
  const scores: Map<number, number>[] = Array.from({ length: validators }, () => {
    const m = new Map<number, number>(best.map((u) => [u, quality[u]]));
    while (m.size < perValidator) m.set(pick(), 0);
    for (const u of m.keys()) m.set(u, quality[u]);
    return m;
  });
  let weights: PackedU16Row[] = Array.from({ length: n }, (_, i) =>
    i < validators ? weightRow(scores[i]) : EMPTY,
  );
  let permits = Array.from({ length: n }, (_, i) => i < validators);
  let bonds: PackedU16Row[] = Array.from({ length: n }, () => EMPTY);

  const dir = mkdtempSync(join(tmpdir(), "nm-bench-epoch-inputs-"));
  const path = join(dir, "history.sqlite");
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA);
  const store = new EpochInputStore(db);
  const stored: number[] = [];
  const full: number[] = [];
  const record: number[] = [];
  const encodeMs: number[] = [];
  let previous: KeptEpoch | undefined;
  let epochMs = 0;
  try {
    for (let k = 1; k <= epochs; k++) {
      const block = 10_000 + k * (tempo + 1);
      // Newcomers replace servers: fresh identity, no weights or bonds of their own.
      for (let j = 0; j < replacePerEpoch; j++) {
        const uid = validators + Math.floor(r() * (n - validators));
        hotkeys[uid] = `5Newcomer${String(k).padStart(6, "0")}${String(j).padStart(33, "0")}`;
        registered[uid] = block - 10;
        quality[uid] = r();
        bonds[uid] = EMPTY;
      }
      // A fresh array: the previous epoch's kept input keeps its rows.
      weights = weights.slice();
      // Every validator sets weights once this tempo: EMA scores, 2% of its servers swapped.
      for (let v = 0; v < validators; v++) {
        if (updateShare < 1 && r() >= updateShare) continue;
        const m = scores[v];
        const swap = Math.ceil(perValidator * 0.02);
        const keys = [...m.keys()];
        for (let s = 0; s < swap; s++) m.delete(keys[Math.floor(r() * keys.length)]);
        while (m.size < perValidator) m.set(pick(), 0);
        for (const [u, old] of m) m.set(u, 0.9 * old + 0.1 * Math.max(0.01, quality[u] + 0.2 * (r() - 0.5)));
        weights[v] = weightRow(m);
        lastUpdate[v] = block - 1 - Math.floor(r() * 50);
      }
      const input: EpochInput = {
        currentBlock: block,
        raoEmission: 295_200_000_000n,
        hyperparameters: { maxAllowedValidators: validators },
        stake: [...stake],
        lastUpdate: [...lastUpdate],
        blockAtRegistration: [...registered],
        validatorPermit: permits,
        weights,
        bonds,
      };
      const t0 = performance.now();
      const out = runEpoch(input);
      epochMs += performance.now() - t0;
      const kept: KeptEpoch = {
        netuid: 1,
        epochBlock: block,
        currentBlock: block,
        raoEmission: input.raoEmission,
        hyperparameters: hp,
        hotkeys: [...hotkeys],
        stake: input.stake,
        lastUpdate: input.lastUpdate,
        blockAtRegistration: input.blockAtRegistration,
        validatorPermit: input.validatorPermit,
        weights: weights as PackedU16Row[],
        bonds: bonds as PackedU16Row[],
        bondsOut: out.bonds,
      };
      const t1 = performance.now();
      db.transaction(() => store.write([kept]))();
      encodeMs.push(performance.now() - t1);
      stored.push(store.storedBytes(1, block)!);
      full.push(encodeKeptEpoch(kept, emptyEpoch(1)).length);
      record.push(recordBytes(kept));
      // The epoch's results become the next epoch's state.
      for (let i = 0; i < n; i++) stake[i] += out.emission[i];
      permits = out.validatorPermit;
      bonds = out.bonds;
      previous = kept;
    }
    // A cold read of the deepest delta (a fresh store: nothing cached), and of a keyframe.
    const deepest = db
      .prepare("SELECT block FROM epoch_inputs ORDER BY depth DESC, block LIMIT 1")
      .pluck()
      .get() as number;
    const cold = new EpochInputStore(db);
    const t2 = performance.now();
    cold.at(1, deepest);
    const coldMs = performance.now() - t2;
    const fresh = new EpochInputStore(db);
    const t3 = performance.now();
    fresh.at(1, previous!.epochBlock);
    const lastMs = performance.now() - t3;
    db.close();

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const keyframes = stored.filter((_, i) => i % KEYFRAME_EVERY === 0);
    const deltas = stored.filter((_, i) => i % KEYFRAME_EVERY !== 0);
    const fileBytes = statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const weightsTotal = weights.reduce((a, w) => a + w.uids.length, 0);
    const bondsTotal = bonds.reduce((a, b) => a + b.uids.length, 0);
    console.log(
      `Epoch input history: n = ${n} UIDs, ${validators} validators × ~${perValidator} weights ` +
        `(${weightsTotal.toLocaleString("en")} weights, ${bondsTotal.toLocaleString("en")} bonds at the end), ` +
        `${epochs} epochs, ${replacePerEpoch} replacements an epoch, ${Math.round(updateShare * 100)}% of validators ` +
        `setting weights an epoch, keyframe every ${KEYFRAME_EVERY}; node ${process.version}`,
    );
    const rows: [string, number][] = [
      ["raw EpochInputRecord (protobuf, the wire form)", mean(record)],
      ["keyframe every epoch (deflated, no deltas)", mean(full)],
      ["kept (deltas + keyframes), mean per epoch", mean(stored)],
      ["  of which keyframes", mean(keyframes)],
      ["  of which deltas", mean(deltas)],
    ];
    const base = mean(record);
    for (const [label, bytes] of rows) {
      console.log(
        `${label.padEnd(50)} ${(bytes / KB).toFixed(1).padStart(9)} KB  ${(base / bytes).toFixed(1).padStart(6)}x smaller than raw`,
      );
    }
    console.log(
      `SQLite file after ${epochs} epochs: ${(fileBytes / KB / epochs).toFixed(1)} KB per epoch (pages, index and WAL included)`,
    );
    console.log(
      `write (encode + insert) ${mean(encodeMs).toFixed(1)} ms mean per epoch beside runEpoch ${(epochMs / epochs).toFixed(1)} ms ` +
        `(${((100 * mean(encodeMs)) / (epochMs / epochs)).toFixed(0)}%); cold read of the deepest delta ` +
        `${coldMs.toFixed(0)} ms, of the latest epoch ${lastMs.toFixed(0)} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
