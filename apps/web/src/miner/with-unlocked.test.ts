// The coldkey's one-signing unlock against the real keystore (fake-indexeddb, the KDF inline in Node).
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { keypairFromMnemonic } from "../../../../src/shared/keys";
import { Keystore, WalletError } from "../wallet/keystore";
import { MinerError } from "./errors";
import { withUnlocked } from "./with-unlocked";

const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
const PASSWORD = "miner coldkey password";
const address = keypairFromMnemonic(MNEMONIC).ss58;

let ks: Keystore | undefined;
afterEach(() => ks?.close());

async function coldkey(): Promise<{ ks: Keystore; id: string }> {
  ks = await Keystore.open({ dbName: `with-unlocked-${Math.random().toString(36).slice(2)}` });
  const wallet = await ks.createWallet("w");
  const account = await ks.addMnemonicKey({
    walletId: wallet.id,
    kind: "coldkey",
    name: "cold",
    mnemonic: MNEMONIC,
    password: PASSWORD,
  });
  return { ks, id: account.id };
}

describe("withUnlocked (the coldkey for one signing)", () => {
  it("unlocks with the password, signs, and locks again", async () => {
    const { ks, id } = await coldkey();
    const signed = await withUnlocked(ks, id, PASSWORD, async (kp) => {
      expect(ks.isUnlocked(id)).toBe(true);
      return kp.ss58;
    });
    expect(signed).toBe(address);
    expect(ks.isUnlocked(id)).toBe(false);
  });

  it("locks again when the signing fails, and passes the failure on", async () => {
    const { ks, id } = await coldkey();
    const failure = new MinerError("InsufficientBalance", "no funds");
    await expect(
      withUnlocked(ks, id, PASSWORD, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(ks.isUnlocked(id)).toBe(false);
  });

  it("a wrong password is the wallet's WrongPassword, and nothing is signed", async () => {
    const { ks, id } = await coldkey();
    let called = false;
    const error = await withUnlocked(ks, id, "not it", async () => {
      called = true;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletError);
    expect((error as WalletError).code).toBe("WrongPassword");
    expect(called).toBe(false);
    expect(ks.isUnlocked(id)).toBe(false);
  });

  it("no password for a locked key is PasswordRequired, before any KDF work", async () => {
    const { ks, id } = await coldkey();
    const error = await withUnlocked(ks, id, "", async () => undefined).catch((e: unknown) => e);
    expect((error as MinerError).code).toBe("PasswordRequired");
  });

  it("a key the wallet holds unlocked is used as it is and stays unlocked", async () => {
    const { ks, id } = await coldkey();
    await ks.unlock(id, PASSWORD);
    expect(await withUnlocked(ks, id, undefined, async (kp) => kp.ss58)).toBe(address);
    expect(ks.isUnlocked(id)).toBe(true);
  });
});
