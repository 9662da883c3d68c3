import { isBytes } from "@noble/hashes/utils.js";
import { hex } from "@scure/base";
import { KeyError } from "./errors";

/** Lowercase hex with a `0x` prefix, the form used in JSON, logs and the CLI. */
export function toHex(bytes: Uint8Array): string {
  if (!isBytes(bytes)) throw new TypeError("toHex expects a Uint8Array");
  return "0x" + hex.encode(bytes);
}

/** Parses hex with or without `0x` (any case); anything else is a `BAD_HEX` KeyError. */
export function fromHex(text: string): Uint8Array {
  if (typeof text !== "string") throw new KeyError("BAD_HEX", "hex input must be a string");
  const digits = text.startsWith("0x") || text.startsWith("0X") ? text.slice(2) : text;
  if (digits.length % 2 !== 0) {
    throw new KeyError("BAD_HEX", `hex has an odd number of digits (${digits.length})`);
  }
  const bad = digits.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new KeyError("BAD_HEX", `character ${JSON.stringify(digits[bad])} is not a hex digit`);
  return hex.decode(digits.toLowerCase());
}
