import { toHex } from "../../../../../src/shared/keys";
import type { Io } from "./io";

/**
 * JSON for `--json`: bigint amounts become decimal strings and bytes become 0x-hex, as the spec's JSON shapes
 * require, so later commands can hand their values over as they are.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return toHex(v);
    return v;
  });
}

/** One JSON document on one line of stdout (so streams of them are NDJSON). */
export function printJson(io: Io, value: object): void {
  io.out(toJson(value) + "\n");
}

/** Aligned `label  value` lines for people. */
export function printFields(
  io: Io,
  fields: ReadonlyArray<readonly [string, string | number | bigint]>,
): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) io.out(`${label.padEnd(width)}  ${value}\n`);
}
