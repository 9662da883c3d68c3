// The page's side of the KDF: sends encrypt/decrypt requests to kdf.worker.ts and awaits the answers. Where
// no Worker exists (Node, unit tests) the very same answerKdf runs inline.
import { KeyError, type KeyErrorCode } from "../../../../../src/shared/keys/errors";
import type { PolkadotAccountJson, ScryptParams } from "../../../../../src/shared/keys/polkadot-json";
import { answerKdf, type KdfFailure, type KdfRequest, type KdfResponse } from "./kdf-protocol";

type Request = KdfRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Answer<Op> = Extract<KdfResponse, { ok: true; op: Op }>;

export interface Kdf {
  /** `seed` is copied before it is sent; the caller keeps (and should wipe) its own. */
  encrypt(
    seed: Uint8Array,
    password: string,
    meta: Record<string, unknown>,
    params: ScryptParams,
  ): Promise<Answer<"encrypt">>;
  /** Throws the KeyError of decryptAccountJson (BAD_PASSWORD, BAD_JSON). The caller wipes `seed`. */
  decrypt(json: PolkadotAccountJson, password: string): Promise<Answer<"decrypt">>;
  /** Which path this page uses: "worker" in browsers, "inline" where no Worker exists. */
  readonly mode: "worker" | "inline";
  /** Starts the worker ahead of the first request (nothing inline). */
  warm(): void;
  close(): void;
}

function toError(failure: KdfFailure): Error {
  if (failure.name === "KeyError" && failure.code)
    return new KeyError(failure.code as KeyErrorCode, failure.message);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}

function unwrap<R extends KdfResponse>(response: KdfResponse): R {
  if (!response.ok) throw toError(response.error);
  return response as R;
}

function inlineKdf(): Kdf {
  let next = 1;
  // Async like the worker path, so callers behave the same in tests and in the page.
  const call = async (request: Request) => answerKdf({ ...request, id: next++ } as KdfRequest).response;
  return {
    mode: "inline",
    encrypt: async (seed, password, meta, params) =>
      unwrap<Answer<"encrypt">>(await call({ op: "encrypt", seed: seed.slice(), password, meta, params })),
    decrypt: async (json, password) =>
      unwrap<Answer<"decrypt">>(await call({ op: "decrypt", json, password })),
    warm: () => undefined,
    close: () => undefined,
  };
}

function workerKdf(): Kdf {
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, { resolve: (r: KdfResponse) => void; reject: (e: Error) => void }>();

  const fail = (why: string) => {
    // A worker that failed to load or crashed is dropped; the next request starts a fresh one.
    worker?.terminate();
    worker = undefined;
    const error = new Error(`the key derivation worker stopped: ${why}`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    // This exact `new Worker(new URL(...), { type: "module" })` form is what Vite recognises and bundles.
    const w = new Worker(new URL("./kdf.worker.ts", import.meta.url), { type: "module" });
    w.onmessage = (event: MessageEvent<KdfResponse>) => {
      const p = pending.get(event.data.id);
      if (!p) return;
      pending.delete(event.data.id);
      p.resolve(event.data);
    };
    w.onerror = (event) => {
      event.preventDefault();
      fail(event.message || "it could not be loaded");
    };
    w.onmessageerror = () => fail("a message could not be read");
    return w;
  };

  const call = (request: Request, transfer: Transferable[]): Promise<KdfResponse> =>
    new Promise((resolve, reject) => {
      worker ??= start();
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });

  return {
    mode: "worker",
    encrypt: async (seed, password, meta, params) => {
      // A private copy is transferred (moved), so no extra copy of the seed stays behind in the page.
      const copy = seed.slice();
      return unwrap<Answer<"encrypt">>(
        await call({ op: "encrypt", seed: copy, password, meta, params }, [copy.buffer]),
      );
    },
    decrypt: async (json, password) =>
      unwrap<Answer<"decrypt">>(await call({ op: "decrypt", json, password }, [])),
    warm: () => {
      worker ??= start();
    },
    close: () => {
      fail("the keystore was closed");
    },
  };
}

export function createKdf(): Kdf {
  return typeof Worker === "undefined" ? inlineKdf() : workerKdf();
}
