import { toHex } from "../../../../../src/shared/keys";
import type { Io } from "./io";

/**
 * JSON for `--json`: bigint amounts become decimal strings and bytes become 0x-hex, as the spec's JSON shapes
 * require, so later commands can hand their values over as they are.
 *
 * The replacer reads the holder's own value (`this[key]`), not its argument: JSON.stringify calls `toJSON`
 * first, and a Buffer (what protobuf-es decodes into when the transport hands it Buffer chunks, as Node's does
 * for larger messages) has one that turns it into `{"type":"Buffer","data":[...]}` before a replacer sees it.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return toHex(raw);
    if (typeof v === "bigint") return v.toString();
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
