// Which key a command uses: a wallet's keyfile, or a mnemonic given instead of one. The miner and validator
// pick their hotkey the same way the CLI does.
import { type Keypair, keypairFromMnemonic } from "../../../../src/shared/keys";
import { askPassword } from "./password";
import { loadColdkey, loadHotkey, readColdkeyAddress, readHotkeyAddress } from "./store";
import type { Terminal } from "./terminal";

export interface KeySelection {
  /** Directory of wallets. */
  root: string;
  wallet: string;
  hotkey: string;
  /** A password file for encrypted keyfiles; without it, the terminal is asked (or the call is refused). */
  passwordFile?: string;
  /** Use this mnemonic instead of the keyfile (of whichever key is being selected). */
  mnemonic?: string;
  terminal: Terminal;
}

function passwordFor(selection: KeySelection, purpose: string): () => Promise<string> {
  return () => askPassword({ passwordFile: selection.passwordFile, terminal: selection.terminal }, purpose);
}

/** The coldkey, unlocked: from the mnemonic when given, else from the wallet's encrypted keyfile. */
export async function selectColdkey(selection: KeySelection): Promise<Keypair> {
  if (selection.mnemonic !== undefined) return keypairFromMnemonic(selection.mnemonic);
  const purpose = `coldkey of wallet ${JSON.stringify(selection.wallet)}`;
  return (await loadColdkey(selection.root, selection.wallet, passwordFor(selection, purpose))).keypair;
}

/** The hotkey, unlocked: from the mnemonic when given, else from the wallet's hotkey file. */
export async function selectHotkey(selection: KeySelection): Promise<Keypair> {
  if (selection.mnemonic !== undefined) return keypairFromMnemonic(selection.mnemonic);
  const purpose = `hotkey ${JSON.stringify(selection.hotkey)} of wallet ${JSON.stringify(selection.wallet)}`;
  const { root, wallet, hotkey } = selection;
  return (await loadHotkey(root, wallet, hotkey, passwordFor(selection, purpose))).keypair;
}

/** The coldkey's address, without unlocking anything. */
export function selectColdkeyAddress(selection: KeySelection): string {
  if (selection.mnemonic !== undefined) return keypairFromMnemonic(selection.mnemonic).ss58;
  return readColdkeyAddress(selection.root, selection.wallet);
}

/** The hotkey's address (always the wallet's hotkey file: a mnemonic option selects the coldkey). */
export function selectHotkeyAddress(selection: Pick<KeySelection, "root" | "wallet" | "hotkey">): string {
  return readHotkeyAddress(selection.root, selection.wallet, selection.hotkey);
}
