// The messages between the page and the KDF worker, and the one function that answers them. The same
// function runs inside kdf.worker.ts in the browser and inline where no Worker exists (unit tests in Node),
// so both paths execute identical code.
import {
  decryptAccountJson,
  encryptAccountJson,
  type PolkadotAccountJson,
  type ScryptParams,
} from "../../../../../src/shared/keys/polkadot-json";

export type KdfRequest =
  | {
      id: number;
      op: "encrypt";
      /** The 32-byte ed25519 seed; transferred to the worker (the page keeps no copy of this buffer). */
      seed: Uint8Array;
      password: string;
      meta: Record<string, unknown>;
      params: ScryptParams;
    }
  | { id: number; op: "decrypt"; json: PolkadotAccountJson; password: string };

/** A failure crossing the worker boundary: structured clone drops the class, so it travels as plain fields. */
export interface KdfFailure {
  name: string;
  code?: string;
  message: string;
}

export type KdfResponse =
  | { id: number; ok: true; op: "encrypt"; json: PolkadotAccountJson; kdfMs: number }
  | {
      id: number;
      ok: true;
      op: "decrypt";
      /** The decrypted seed, transferred back to the page's memory (never written anywhere). */
      seed: Uint8Array;
      address: string;
      kdfMs: number;
    }
  | { id: number; ok: false; error: KdfFailure };

/** Answers one request; `transfer` lists the buffers to move (not copy) with the response. */
export function answerKdf(request: KdfRequest): { response: KdfResponse; transfer: ArrayBuffer[] } {
  const started = performance.now();
  try {
    if (request.op === "encrypt") {
      try {
        const json = encryptAccountJson(request.seed, request.password, request.meta, request.params);
        return {
          response: { id: request.id, ok: true, op: "encrypt", json, kdfMs: performance.now() - started },
          transfer: [],
        };
      } finally {
        request.seed.fill(0);
      }
    }
    if (request.op === "decrypt") {
      const { seed, address } = decryptAccountJson(request.json, request.password);
      return {
        response: {
          id: request.id,
          ok: true,
          op: "decrypt",
          seed,
          address,
          kdfMs: performance.now() - started,
        },
        transfer: [seed.buffer as ArrayBuffer],
      };
    }
    throw new TypeError(`unknown KDF operation ${JSON.stringify((request as { op: unknown }).op)}`);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    return {
      response: {
        id: request.id,
        ok: false,
        error: { name: e.name, code: typeof code === "string" ? code : undefined, message: e.message },
      },
      transfer: [],
    };
  }
}
