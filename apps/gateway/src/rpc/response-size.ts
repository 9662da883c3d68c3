// What an answer costs the sender, for the per-peer response byte budget: an estimate of a message's
// protobuf size from its fields (bytes and strings at their length, numbers at their widest varint, a few
// bytes of framing per field), without encoding it a second time. JSON answers (Connect JSON) cost more
// on the wire: base64 for bytes, quoted decimal numbers, field names.
import type { HandlerContext } from "@connectrpc/connect";

export function estimateBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return Buffer.byteLength(value) + 3;
    case "number":
    case "bigint":
      return 11;
    case "boolean":
      return 2;
    case "object": {
      if (value === null) return 0;
      if (value instanceof Uint8Array) return value.byteLength + 4;
      let total = 3;
      if (Array.isArray(value)) {
        for (const item of value) total += estimateBytes(item);
        return total;
      }
      for (const [key, field] of Object.entries(value)) {
        // $typeName / $unknown are protobuf-es bookkeeping; map fields (no $typeName) also send their keys.
        if (key.startsWith("$")) continue;
        total += estimateBytes(field);
        if (!("$typeName" in value)) total += key.length + 3;
      }
      return total;
    }
    default:
      return 0;
  }
}

/** JSON is larger than the binary estimate by up to about this factor (base64, decimal strings, names). */
const JSON_FACTOR = 2;

export function responseCost(ctx: HandlerContext, message: unknown): number {
  const json = ctx.requestHeader.get("content-type")?.includes("json") ?? false;
  return Math.ceil(estimateBytes(message) * (json ? JSON_FACTOR : 1));
}

const streamedSizes = new WeakMap<object, number>();

/** responseCost for a message sent on many streams at once: its size is estimated once, then remembered. */
export function streamedCost(ctx: HandlerContext, message: object): number {
  let size = streamedSizes.get(message);
  if (size === undefined) {
    size = estimateBytes(message);
    streamedSizes.set(message, size);
  }
  const json = ctx.requestHeader.get("content-type")?.includes("json") ?? false;
  return Math.ceil(size * (json ? JSON_FACTOR : 1));
}
