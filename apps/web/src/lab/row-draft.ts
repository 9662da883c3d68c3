// The whole-row weight editor's draft: a validator's row as the text the user types, its checks, and the
// normalised shares. Pure, so the checks are unit-tested and the page only renders what they say; text is
// checked here rather than by the epoch so a typo is an inline message on its entry, not a failed rerun.
import type { EpochInput } from "../../../../src/shared/consensus";
import { rowToPairs } from "../../../../src/shared/consensus";

export interface DraftEntry {
  readonly uid: string;
  readonly value: string;
}

/** Either the parsed entries or, per draft entry, what is wrong with it (undefined where it is fine). */
export type DraftCheck =
  | { readonly ok: true; readonly entries: ReadonlyArray<readonly [number, number]> }
  | { readonly ok: false; readonly errors: ReadonlyArray<string | undefined> };

const UINT = /^\d+$/;

/** A UID of a subnet with `n` UIDs, or why the text is not one. */
export function parseUid(text: string, n: number): number | { error: string } {
  const t = text.trim();
  if (t === "") return { error: "a UID is needed" };
  if (!UINT.test(t)) return { error: `"${t}" is not a UID (a whole number from 0)` };
  const x = Number(t);
  if (x >= n) return { error: `UID ${t} is unknown: this epoch has UIDs 0–${n - 1}` };
  return x;
}

/** A stored weight (u16), or why the text is not one. */
export function parseU16(text: string): number | { error: string } {
  const t = text.trim();
  if (t === "") return { error: "a weight is needed" };
  if (!UINT.test(t)) return { error: `"${t}" is not a u16 weight (a whole number 0–65535)` };
  const x = Number(t);
  if (x > 65535) return { error: `${t} is above 65535, the largest u16` };
  return x;
}

/** The editor's starting point: the validator's row in `input` (the already edited input, so edits show). */
export function draftOf(input: EpochInput, row: number): DraftEntry[] {
  return rowToPairs(input.weights[row] ?? []).map(([uid, value]) => ({
    uid: String(uid),
    value: String(value),
  }));
}

export function checkDraft(draft: readonly DraftEntry[], n: number): DraftCheck {
  const errors: (string | undefined)[] = [];
  const entries: [number, number][] = [];
  const first = new Map<number, number>();
  draft.forEach((d, i) => {
    const uid = parseUid(d.uid, n);
    const value = parseU16(d.value);
    if (typeof uid !== "number") errors[i] = uid.error;
    else if (typeof value !== "number") errors[i] = value.error;
    else if (first.has(uid)) errors[i] = `UID ${uid} is already entry ${(first.get(uid) ?? 0) + 1}`;
    else {
      first.set(uid, i);
      entries.push([uid, value]);
      errors[i] = undefined;
    }
  });
  return errors.some((e) => e !== undefined) ? { ok: false, errors } : { ok: true, entries };
}

/** Why the epoch leaves an entry out of the row before normalising it, if it does. */
export function droppedBecause(input: EpochInput, row: number, uid: number): string | undefined {
  if (uid === row) return "self-weight, not counted";
  // The epoch drops (i, j) where lastUpdate[i] <= blockAtRegistration[j] (maskedRows in sparse.ts).
  const registered = input.blockAtRegistration[uid];
  if (registered !== undefined && (input.lastUpdate[row] ?? 0) <= registered)
    return "UID registered after this row was set, not counted";
  return undefined;
}

/**
 * Each entry's share of the row as the epoch normalises it (value / sum of the counted entries, i.e. without
 * self-weight and weights on UIDs registered since the row was set). Entries that do not parse, or repeat a
 * UID, count as 0 so the shares stay readable while the user types. Whether the row counts at all (a
 * validator permit) is said by the page, not folded in here.
 */
export function sharesOf(input: EpochInput, row: number, draft: readonly DraftEntry[]): number[] {
  const n = input.stake.length;
  const seen = new Set<number>();
  const values = draft.map((d) => {
    const uid = parseUid(d.uid, n);
    const v = parseU16(d.value);
    if (typeof uid !== "number" || typeof v !== "number" || seen.has(uid)) return 0;
    seen.add(uid);
    return droppedBecause(input, row, uid) === undefined ? v : 0;
  });
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (sum === 0 ? 0 : v / sum));
}
