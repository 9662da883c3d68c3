// The KDF protocol: what the worker answers (the same function runs inline in Node).
import { describe, expect, it } from "vitest";
import { keypairFromMnemonic, miniSecretFromMnemonic } from "../../../../../src/shared/keys";
import { POLKADOT_SCRYPT } from "../../../../../src/shared/keys/polkadot-json";
import { createKdf } from "./kdf";
import { answerKdf } from "./kdf-protocol";

const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

describe("KDF protocol", () => {
  it("encrypts (wiping the request's seed), decrypts (transferring only the seed back)", () => {
    const seed = miniSecretFromMnemonic(MNEMONIC);
    const sent = seed.slice();
    const enc = answerKdf({
      id: 1,
      op: "encrypt",
      seed: sent,
      password: "pw",
      meta: { name: "A" },
      params: POLKADOT_SCRYPT,
    });
    expect(enc.response).toMatchObject({ id: 1, ok: true, op: "encrypt" });
    expect(enc.transfer).toEqual([]);
    expect(sent.every((b) => b === 0)).toBe(true);
    if (!enc.response.ok || enc.response.op !== "encrypt") throw new Error("unreachable");
    const json = enc.response.json;
    expect(json.meta).toEqual({ name: "A" });

    const dec = answerKdf({ id: 2, op: "decrypt", json, password: "pw" });
    if (!dec.response.ok || dec.response.op !== "decrypt")
      throw new Error(`decrypt failed: ${JSON.stringify(dec)}`);
    expect(dec.response.address).toBe(keypairFromMnemonic(MNEMONIC).ss58);
    expect([...dec.response.seed]).toEqual([...seed]);
    expect(dec.transfer).toEqual([dec.response.seed.buffer]);
    expect(dec.response.seed.buffer.byteLength).toBe(32); // nothing else rides along
  });

  it("answers failures as plain fields (a structured clone keeps no Error class)", () => {
    const seed = miniSecretFromMnemonic(MNEMONIC);
    const enc = answerKdf({ id: 1, op: "encrypt", seed, password: "pw", meta: {}, params: POLKADOT_SCRYPT });
    if (!enc.response.ok || enc.response.op !== "encrypt") throw new Error("unreachable");
    const wrong = answerKdf({ id: 7, op: "decrypt", json: enc.response.json, password: "nope" });
    expect(wrong.response).toEqual({
      id: 7,
      ok: false,
      error: { name: "KeyError", code: "BAD_PASSWORD", message: expect.any(String) },
    });
    expect(JSON.stringify(wrong.response)).not.toContain("nope");
    const unknown = answerKdf({ id: 8, op: "sign" } as never);
    expect(unknown.response).toMatchObject({ id: 8, ok: false, error: { name: "TypeError" } });
  });

  it("runs inline where no Worker exists, rebuilding the KeyError", async () => {
    expect(typeof Worker).toBe("undefined");
    const kdf = createKdf();
    expect(kdf.mode).toBe("inline");
    const seed = miniSecretFromMnemonic(MNEMONIC);
    const { json } = await kdf.encrypt(seed, "pw", {}, POLKADOT_SCRYPT);
    expect(seed.some((b) => b !== 0)).toBe(true); // the caller's seed is its own
    await expect(kdf.decrypt(json, "nope")).rejects.toMatchObject({ name: "KeyError", code: "BAD_PASSWORD" });
    expect((await kdf.decrypt(json, "pw")).address).toBe(keypairFromMnemonic(MNEMONIC).ss58);
  });
});
