// Where a new account goes: into an existing wallet (a hotkey under a coldkey, a watch address), or into a
// new wallet made for it (its name asked in the same form). A wallet made here and left empty by a failed
// add is removed again, so a refused import leaves nothing behind.
import type { AccountInfo } from "../keystore/types";

export interface Target {
  /** Absent: a new wallet named by the form. */
  walletId?: string;
  kind: "coldkey" | "hotkey";
  /** The coldkey's account id, for hotkeys. */
  parent?: string;
}

interface WalletOps {
  createWallet(name: string): Promise<{ id: string }>;
  removeWallet(id: string): Promise<void>;
}

export async function addToTarget(
  keystore: WalletOps,
  target: { walletId?: string },
  walletName: string,
  add: (walletId: string) => Promise<AccountInfo>,
): Promise<AccountInfo> {
  if (target.walletId) return add(target.walletId);
  const wallet = await keystore.createWallet(walletName);
  try {
    return await add(wallet.id);
  } catch (e) {
    await keystore.removeWallet(wallet.id).catch(() => undefined);
    throw e;
  }
}
