// A key unlocked for one signing only (the miner's coldkey: it pays the burn, so it should not stay in
// memory). A key the wallet already holds unlocked is used as it is and left so; otherwise it is unlocked
// with the password, used, and locked again whatever the outcome.
import type { Keypair } from "../../../../src/shared/keys";
import type { Keystore } from "../wallet/keystore";
import { MinerError } from "./errors";

export type Unlocker = Pick<Keystore, "isUnlocked" | "unlock" | "lock" | "keypair">;

export async function withUnlocked<T>(
  keystore: Unlocker,
  id: string,
  password: string | undefined,
  use: (keypair: Keypair) => Promise<T>,
): Promise<T> {
  if (keystore.isUnlocked(id)) return use(keystore.keypair(id));
  if (!password) throw new MinerError("PasswordRequired", "enter the coldkey's password to sign");
  await keystore.unlock(id, password);
  try {
    return await use(keystore.keypair(id));
  } finally {
    keystore.lock(id);
  }
}
