// The page of `npm run bench -- wallet`: drives the real Keystore (IndexedDB + kdf.worker.ts) in chromium and
// measures unlocks, with polkadot.js's own decoder of the same file as the baseline. Built by bench/wallet.ts
// with its own Vite build; nothing here is part of the app.
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { KdfResponse } from "../../apps/web/src/wallet/keystore/kdf-protocol";
import { Keystore } from "../../apps/web/src/wallet/keystore/keystore";
import { generateMnemonic } from "../../src/shared/keys";
import {
  decryptAccountJson,
  type PolkadotAccountJson,
  type ScryptParams,
} from "../../src/shared/keys/polkadot-json";

const PASSWORD = "bench password";

/** Longest stretch the main thread was busy while `work` ran (a 0 ms timer loop; gaps > ~4 ms are blocking). */
async function withGap<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; gap: number }> {
  let gap = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const t = performance.now();
    gap = Math.max(gap, t - last);
    last = t;
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  running = false;
  await new Promise((r) => setTimeout(r, 10));
  return { value, ms, gap: Math.max(gap, performance.now() - last - 10) };
}

export interface WalletBenchResult {
  params: ScryptParams;
  kdfMode: string;
  addMs: number;
  firstUnlockMs: number;
  unlockMs: number[];
  unlockGapMs: number[];
  workerKdfMs: number[];
  wrongPasswordMs: number;
  inlineDecryptMs: number[];
  inlineGapMs: number[];
  polkadotDecodeMs: number[];
}

/** scrypt + secretbox alone, timed inside the worker (kdfMs of the protocol), without IndexedDB or messaging. */
async function workerKdfOnly(json: PolkadotAccountJson, runs: number): Promise<number[]> {
  const worker = new Worker(new URL("../../apps/web/src/wallet/keystore/kdf.worker.ts", import.meta.url), {
    type: "module",
  });
  const out: number[] = [];
  try {
    // Request 0 warms the worker up (module load, JIT) and is not counted.
    for (let id = 0; id <= runs; id++) {
      const answer = await new Promise<KdfResponse>((resolve) => {
        worker.onmessage = (e: MessageEvent<KdfResponse>) => resolve(e.data);
        worker.postMessage({ id, op: "decrypt", json, password: PASSWORD });
      });
      if (!answer.ok || answer.op !== "decrypt") throw new Error("the worker did not decrypt");
      answer.seed.fill(0);
      if (id > 0) out.push(answer.kdfMs);
    }
  } finally {
    worker.terminate();
  }
  return out;
}

async function run(params: ScryptParams, runs: number): Promise<WalletBenchResult> {
  const dbName = `bench-wallet-${params.N}-${params.r}-${params.p}-${Date.now()}`;
  const ks = await Keystore.open({ dbName, scrypt: params, idleLockMs: 0 });
  try {
    const wallet = await ks.createWallet("Bench");
    const mnemonic = generateMnemonic();
    const added = await withGap(() =>
      ks.addMnemonicKey({
        walletId: wallet.id,
        kind: "coldkey",
        name: "Bench key",
        mnemonic,
        password: PASSWORD,
      }),
    );
    const id = added.value.id;
    // The first unlock also starts the worker; reported separately.
    const first = await withGap(() => ks.unlock(id, PASSWORD));
    const unlockMs: number[] = [];
    const unlockGapMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      ks.lock(id);
      const r = await withGap(() => ks.unlock(id, PASSWORD));
      if (!ks.isUnlocked(id)) throw new Error("unlock did not unlock");
      unlockMs.push(r.ms);
      unlockGapMs.push(r.gap);
    }
    ks.lock(id);
    const wrong = await withGap(() => ks.unlock(id, "not the password").catch((e: Error) => e));
    if (!(wrong.value instanceof Error) || (wrong.value as { code?: string }).code !== "WrongPassword") {
      throw new Error("a wrong password was not refused");
    }
    const json = await ks.exportJson(id);
    const workerKdfMs = await workerKdfOnly(json, Math.min(runs, 5));
    // Baselines on the same file: the same decrypt on the main thread (no worker), and polkadot.js's own
    // decoder (its WASM scrypt, what polkadot.js apps runs) on the main thread.
    const inlineDecryptMs: number[] = [];
    const inlineGapMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await withGap(async () => decryptAccountJson(json, PASSWORD).seed.fill(0));
      inlineDecryptMs.push(r.ms);
      inlineGapMs.push(r.gap);
    }
    await cryptoWaitReady();
    const pair = new Keyring({ type: "ed25519", ss58Format: 42 }).addFromJson(json as never);
    const polkadotDecodeMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      pair.lock();
      const t = performance.now();
      pair.decodePkcs8(PASSWORD);
      polkadotDecodeMs.push(performance.now() - t);
      if (pair.address !== added.value.address) throw new Error("polkadot.js decoded another address");
    }
    await ks.removeWallet(wallet.id);
    return {
      params,
      kdfMode: ks.kdfMode,
      addMs: added.ms,
      firstUnlockMs: first.ms,
      unlockMs,
      unlockGapMs,
      workerKdfMs,
      wrongPasswordMs: wrong.ms,
      inlineDecryptMs,
      inlineGapMs,
      polkadotDecodeMs,
    };
  } finally {
    ks.close();
    indexedDB.deleteDatabase(dbName);
  }
}

declare global {
  interface Window {
    benchWallet: { run: typeof run; ready: boolean };
  }
}

window.benchWallet = { run, ready: true };
document.getElementById("status")!.textContent = "ready";
