// Where a wallet password comes from: a file (scripts, services) or a hidden prompt (people). Never argv:
// a password on the command line is visible to every user of the machine through `ps`.
import { readFileSync } from "node:fs";
import { WalletError } from "./errors";
import type { Terminal } from "./terminal";

export interface PasswordSource {
  /** `--password-file`: the file's whole content is the password, less one trailing newline. */
  passwordFile?: string;
  terminal: Terminal;
}

export function readPasswordFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new WalletError("PASSWORD_FILE_UNREADABLE", `cannot read the password file ${path} (${reason})`);
  }
  const password = text.replace(/\r?\n$/, "");
  if (password === "") throw new WalletError("EMPTY_PASSWORD", `the password file ${path} is empty`);
  return password;
}

function noTerminal(purpose: string): WalletError {
  return new WalletError(
    "PASSWORD_REQUIRED",
    `the ${purpose} needs a password and stdin is not a terminal to ask on; pass --password-file FILE`,
  );
}

/** The password that unlocks an existing key. */
export async function askPassword(source: PasswordSource, purpose: string): Promise<string> {
  if (source.passwordFile !== undefined) return readPasswordFile(source.passwordFile);
  if (!source.terminal.interactive) throw noTerminal(purpose);
  const password = await source.terminal.readSecret(`Password for the ${purpose}: `);
  if (password === "") throw new WalletError("EMPTY_PASSWORD", "the password must not be empty");
  return password;
}

/** A new password, typed twice on a terminal so a typo cannot lock the key away. */
export async function askNewPassword(source: PasswordSource, purpose: string): Promise<string> {
  if (source.passwordFile !== undefined) return readPasswordFile(source.passwordFile);
  if (!source.terminal.interactive) throw noTerminal(purpose);
  const first = await source.terminal.readSecret(`New password for the ${purpose}: `);
  if (first === "") throw new WalletError("EMPTY_PASSWORD", "the password must not be empty");
  const second = await source.terminal.readSecret("Repeat the password: ");
  if (first !== second) throw new WalletError("PASSWORD_MISMATCH", "the two passwords differ");
  return first;
}
