// The page's side of the KDF: sends encrypt/decrypt requests to kdf.worker.ts and awaits the answers. Where
// no Worker exists (Node, unit tests) the very same answerKdf runs inline.
import { KeyError, type KeyErrorCode } from "../../../../../src/shared/keys/errors";
import type { PolkadotAccountJson, ScryptParams } from "../../../../../src/shared/keys/polkadot-json";
import { type WithoutId, workerClient } from "../../lib/worker-client";
import { answerKdf, type KdfFailure, type KdfRequest, type KdfResponse } from "./kdf-protocol";

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
  const call = async (request: WithoutId<KdfRequest>) =>
    answerKdf({ ...request, id: next++ } as KdfRequest).response;
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
  const worker = workerClient<KdfRequest, KdfResponse>(
    "the key derivation worker",
    // This exact `new Worker(new URL(...), { type: "module" })` form is what Vite recognises and bundles.
    () => new Worker(new URL("./kdf.worker.ts", import.meta.url), { type: "module" }),
  );

  return {
    mode: "worker",
    encrypt: async (seed, password, meta, params) => {
      // A private copy is transferred (moved), so no extra copy of the seed stays behind in the page.
      const copy = seed.slice();
      return unwrap<Answer<"encrypt">>(
        await worker.call({ op: "encrypt", seed: copy, password, meta, params }, [copy.buffer]),
      );
    },
    decrypt: async (json, password) =>
      unwrap<Answer<"decrypt">>(await worker.call({ op: "decrypt", json, password })),
    warm: worker.warm,
    close: () => worker.stop("the keystore was closed"),
  };
}

export function createKdf(): Kdf {
  return typeof Worker === "undefined" ? inlineKdf() : workerKdf();
}
