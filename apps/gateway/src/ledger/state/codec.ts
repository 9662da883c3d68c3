// Canonical encoding of state values: the bytes hashed into the state root and stored in SQLite.
// Records are JSON with sorted keys, integers only, bigints as {"$n":"<decimal>"} (a user string can never
// be mistaken for a number); sparse rows are packed little-endian (uid u16, value u16) pairs.

import { isRowKey } from "./keys";
import type { SparseRow } from "./types";

const decoder = new TextDecoder();

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return `{"$n":"${value}"}`;
    case "number":
      if (!Number.isSafeInteger(value)) throw new Error(`state values are integers, got ${value}`);
      return String(value);
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const record = value as Record<string, unknown>;
      const fields = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
      return `{${fields.join(",")}}`;
    }
    default:
      throw new Error(`cannot encode a ${typeof value} in the state`);
  }
}

function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const n = (value as { $n?: unknown }).$n;
    if (typeof n === "string" && Object.keys(value).length === 1) return BigInt(n);
  }
  return value;
}

export function encodeRow(row: {
  readonly uids: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}): Uint8Array {
  const out = new Uint8Array(row.uids.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < row.uids.length; i++) {
    view.setUint16(i * 4, row.uids[i], true);
    view.setUint16(i * 4 + 2, row.values[i], true);
  }
  return out;
}

export function decodeRow(bytes: Uint8Array): SparseRow {
  const n = bytes.length >> 2;
  const uids = new Uint16Array(n);
  const values = new Uint16Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) {
    uids[i] = view.getUint16(i * 4, true);
    values[i] = view.getUint16(i * 4 + 2, true);
  }
  return { uids, values };
}

export function encodeValue(key: string, value: unknown): Uint8Array {
  if (isRowKey(key)) return value as Uint8Array;
  // Buffer.from, not TextEncoder: the same UTF-8 bytes, several times faster for short strings in Node.
  return Buffer.from(canonicalJson(value), "utf8");
}

export function decodeValue(key: string, bytes: Uint8Array): unknown {
  if (isRowKey(key)) return new Uint8Array(bytes);
  return JSON.parse(decoder.decode(bytes), revive);
}
