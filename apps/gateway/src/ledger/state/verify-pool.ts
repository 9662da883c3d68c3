// ed25519 verification on a worker thread, so submissions use the second core. Two ways in: `verifyAll`
// splits a batch between the caller and the worker (the caller has nothing else to do meanwhile, as in the
// ledger bench), `verifyRemote` sends all of it (the gateway's admission queue, whose thread has reads to
// serve). node:crypto on both sides, same answers. The strict byte checks (src/shared/keys/strict.ts) run on
// the caller, so the worker only ever sees signatures that passed them. A batch travels as one transferred
// buffer (per item: public key 32, signature 64, message length u32, message), not as cloned arrays.
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
parentPort.on("message", ({ id, count, packed }) => {
  const buf = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const ok = new Uint8Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const pub = buf.subarray(at, at + 32);
    const sig = buf.subarray(at + 32, at + 96);
    const len = buf.readUInt32BE(at + 96);
    const msg = buf.subarray(at + 100, at + 100 + len);
    at += 100 + len;
    try {
      const hex = pub.toString("hex");
      let key = keys.get(hex);
      if (!key) {
        if (keys.size > 100000) keys.clear();
        // JWK: node imports an ed25519 SPKI (DER) about 10x slower.
        key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: pub.toString("base64url") }, format: "jwk" });
        keys.set(hex, key);
      }
      ok[i] = verify(null, msg, key, sig) ? 1 : 0;
    } catch { ok[i] = 0; }
  }
  parentPort.postMessage({ id, ok }, [ok.buffer]);
});`;

export class VerifyPool {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, (ok: Uint8Array) => void>();

  /** Share of a batch `verifyAll` sends to the worker (the caller verifies the rest meanwhile). */
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

  /** Whether each extrinsic's signature is valid, in order; part checked here, part on the worker. */
  async verifyAll(xts: readonly DecodedExtrinsic[]): Promise<boolean[]> {
    const split = xts.length < 64 ? 0 : Math.floor(xts.length * this.workerShare);
    const remote = this.verifyRemote(xts.slice(0, split));
    const local = xts.slice(split).map((x) => verifyExtrinsic(x));
    return [...(await remote), ...local];
  }

  /**
   * Whether each extrinsic's signature is valid, in order, all checked on the worker; batches are answered
   * in the order they were sent.
   */
  verifyRemote(xts: readonly DecodedExtrinsic[]): Promise<boolean[]> {
    if (xts.length === 0) return Promise.resolve([]);
    // Signers passed decodeExtrinsic's address check, so their keys are known.
    const keys = xts.map((x) => addressPublicKey(x.payload.signer) ?? new Uint8Array());
    const strictOk = xts.map((x, i) => passesStrictPrechecks(x.signature, keys[i]));
    let size = 0;
    for (const x of xts) size += 100 + x.payloadBytes.length;
    const packed = new Uint8Array(size);
    const view = new DataView(packed.buffer);
    let at = 0;
    xts.forEach((x, i) => {
      if (strictOk[i]) packed.set(keys[i], at); // a key that failed stays zeros: the answer is false anyway
      if (x.signature.length === 64) packed.set(x.signature, at + 32);
      view.setUint32(at + 96, x.payloadBytes.length);
      packed.set(x.payloadBytes, at + 100);
      at += 100 + x.payloadBytes.length;
    });
    const id = this.nextId++;
    return new Promise<boolean[]>((resolve) => {
      this.pending.set(id, (ok) => resolve(strictOk.map((s, i) => s && ok[i] === 1)));
      this.ensure().postMessage({ id, count: xts.length, packed }, [packed.buffer]);
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
