// ed25519 verification on a worker thread, so a batch of submissions uses the second core: the caller
// verifies part of the batch itself while the worker checks the rest (node:crypto in both; same answers).
// The strict byte checks (src/shared/keys/strict.ts) run here on the caller for the whole batch, so the
// worker only ever sees signatures that passed them.
import { Worker } from "node:worker_threads";
import { passesStrictPrechecks } from "../../../../../src/shared/keys/strict";
import { addressPublicKey } from "./address";
import type { DecodedExtrinsic } from "./decode";
import { verifyExtrinsic } from "./verify";

// Plain JavaScript, so the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const keys = new Map();
parentPort.on("message", ({ id, items }) => {
  const ok = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const [pub, msg, sig] = items[i];
    const hex = Buffer.from(pub).toString("hex");
    let key = keys.get(hex);
    if (!key) {
      if (keys.size > 100000) keys.clear();
      // JWK: node imports an ed25519 SPKI (DER) about 10x slower.
      const x = Buffer.from(pub).toString("base64url");
      key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
      keys.set(hex, key);
    }
    try { ok[i] = verify(null, msg, key, sig) ? 1 : 0; } catch { ok[i] = 0; }
  }
  parentPort.postMessage({ id, ok });
});`;

export class VerifyPool {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (ok: Uint8Array) => void>();

  /** Share of a batch sent to the worker (the caller verifies the rest meanwhile). */
  constructor(private readonly workerShare = 0.5) {}

  private ensure(): Worker {
    if (!this.worker) {
      this.worker = new Worker(WORKER_SOURCE, { eval: true });
      this.worker.unref();
      this.worker.on("message", ({ id, ok }: { id: number; ok: Uint8Array }) => {
        this.pending.get(id)?.(ok);
        this.pending.delete(id);
      });
    }
    return this.worker;
  }

  /** Whether each extrinsic's signature is valid, in order. */
  async verifyAll(xts: readonly DecodedExtrinsic[]): Promise<boolean[]> {
    const split = xts.length < 64 ? 0 : Math.floor(xts.length * this.workerShare);
    const remote = xts.slice(0, split);
    const strictOk = remote.map((x) =>
      passesStrictPrechecks(x.signature, addressPublicKey(x.payload.signer) ?? new Uint8Array()),
    );
    const id = this.nextId++;
    const answer =
      split === 0
        ? Promise.resolve(new Uint8Array())
        : new Promise<Uint8Array>((resolve) => {
            this.pending.set(id, resolve);
            this.ensure().postMessage({
              id,
              // Signers passed decodeExtrinsic's address check, so their keys are known.
              items: remote.map((x) => [addressPublicKey(x.payload.signer)!, x.payloadBytes, x.signature]),
            });
          });
    const local = xts.slice(split).map((x) => verifyExtrinsic(x));
    const ok = await answer;
    return [...remote.map((_, i) => strictOk[i] && ok[i] === 1), ...local];
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
