// What each object store holds, and the checks that turn a stored value back into typed data. Anything that
// does not pass is reported as corrupt (naming the record) instead of breaking the rest of the keystore.
import { isValidAddress } from "../../../../../src/shared/keys";
import { type PolkadotAccountJson, parseAccountJson } from "../../../../../src/shared/keys/polkadot-json";
import { WalletError } from "./errors";
import type { AccountInfo, AccountKind, WalletInfo } from "./types";

export const RECORD_VERSION = 1;

export interface WalletRecord extends WalletInfo {
  v: typeof RECORD_VERSION;
}

/** Metadata for every account; `json` (the encrypted key) only for coldkeys and hotkeys, never for watch. */
export interface AccountRecord extends AccountInfo {
  v: typeof RECORD_VERSION;
  json?: PolkadotAccountJson;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export const IDLE_LOCK_SETTING = "idleLockMs";

const KINDS: readonly AccountKind[] = ["coldkey", "hotkey", "watch"];
const MAX_NAME = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A name as stored: NFC, trimmed, 1–64 characters, no control characters. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== "string") throw new WalletError("InvalidName", `the ${what} name must be text`);
  const clean = name.normalize("NFC").trim();
  if (clean === "") throw new WalletError("InvalidName", `the ${what} name is empty`);
  if ([...clean].length > MAX_NAME) {
    throw new WalletError("InvalidName", `the ${what} name is longer than ${MAX_NAME} characters`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(clean)) {
    throw new WalletError("InvalidName", `the ${what} name contains a control character`);
  }
  return clean;
}

function validName(value: unknown): value is string {
  try {
    return checkName(value, "") === value;
  } catch {
    return false;
  }
}

const validTime = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** The wallet, or the reason the stored value is not one. */
export function readWallet(key: IDBValidKey, value: unknown): WalletInfo | string {
  if (!isRecord(value)) return "the stored wallet is not an object";
  if (value.v !== RECORD_VERSION) return `the stored wallet has unknown version ${JSON.stringify(value.v)}`;
  if (value.id !== key || typeof key !== "string") return "the stored wallet's id does not match its key";
  if (!validName(value.name)) return "the stored wallet has no valid name";
  if (!validTime(value.createdAt)) return "the stored wallet has no valid creation time";
  return { id: key, name: value.name, createdAt: value.createdAt };
}

export interface ReadAccount {
  info: AccountInfo;
  /** The parsed key record; undefined for watch-only accounts. */
  json?: PolkadotAccountJson;
  /** Why the key record cannot be used, when its metadata is fine but the key is not (unlock/export refuse). */
  keyProblem?: string;
}

/** The account (its key record checked for shape), or the reason its metadata is unreadable. */
export function readAccount(key: IDBValidKey, value: unknown): ReadAccount | string {
  if (!isRecord(value)) return "the stored account is not an object";
  if (value.v !== RECORD_VERSION) return `the stored account has unknown version ${JSON.stringify(value.v)}`;
  if (value.id !== key || typeof key !== "string") return "the stored account's id does not match its key";
  const { walletId, kind, name, address, parent, createdAt } = value;
  if (typeof walletId !== "string" || walletId === "") return "the stored account names no wallet";
  if (!KINDS.includes(kind as AccountKind))
    return `the stored account has unknown kind ${JSON.stringify(kind)}`;
  if (!validName(name)) return "the stored account has no valid name";
  if (typeof address !== "string" || !isValidAddress(address))
    return "the stored account has no valid address";
  if (parent !== undefined && (kind !== "hotkey" || typeof parent !== "string")) {
    return "the stored account has an invalid parent";
  }
  if (!validTime(createdAt)) return "the stored account has no valid creation time";
  const info: AccountInfo = { id: key, walletId, kind: kind as AccountKind, name, address, createdAt };
  if (typeof parent === "string") info.parent = parent;
  if (kind === "watch") {
    return value.json === undefined ? { info } : { info, keyProblem: "a watch-only account carries a key" };
  }
  try {
    return { info, json: parseAccountJson(value.json) };
  } catch (error) {
    return { info, keyProblem: `its encrypted key is unreadable (${(error as Error).message})` };
  }
}

/** A stored idle-lock setting, or undefined when absent or not a valid duration. */
export function readIdleLock(value: unknown): number | undefined {
  const ms = isRecord(value) ? value.value : undefined;
  return typeof ms === "number" && Number.isSafeInteger(ms) && ms >= 0 ? ms : undefined;
}
