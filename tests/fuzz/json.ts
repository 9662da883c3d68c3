// Hostile JSON bodies for the Connect JSON endpoints: any JSON value, very deep nesting, a real request of
// the method with one field given a hostile value, and the text of a real request mutated byte-wise.
import { type DescMessage, toJson } from "@bufbuild/protobuf";
import fc from "fast-check";
import { messageArb } from "./hostile";
import { applyMutations, mutationsArb } from "./mutate";

const encoder = new TextEncoder();

const HOSTILE_VALUES: unknown[] = [
  null,
  -1,
  1e308,
  -0,
  1.5,
  "18446744073709551616",
  "-1",
  "NaN",
  "Infinity",
  "0x10",
  [],
  {},
  true,
  "x".repeat(70_000),
  [[[[[[[[]]]]]]]],
  { "@type": "type.googleapis.com/x" },
];

function nested(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Bytes of a JSON body for a request of `desc`. */
export function jsonBodyArb(desc: DescMessage): fc.Arbitrary<Uint8Array> {
  const real = messageArb(desc).map((m) => toJson(desc, m as never) as Record<string, unknown>);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => encoder.encode(JSON.stringify(v))),
    fc
      .tuple(fc.constantFrom(64, 1000, 100_000), fc.constantFrom("array" as const, "object" as const))
      .map(([d, k]) => encoder.encode(nested(d, k))),
    fc
      .tuple(real, fc.nat(), fc.constantFrom(...HOSTILE_VALUES), fc.boolean())
      .map(([obj, i, value, unknownKey]) => {
        const keys = Object.keys(obj);
        const key = unknownKey || keys.length === 0 ? "notAField" : keys[i % keys.length];
        return encoder.encode(JSON.stringify({ ...obj, [key]: value }));
      }),
    fc.tuple(real, mutationsArb).map(([obj, ms]) => applyMutations(encoder.encode(JSON.stringify(obj)), ms)),
  );
}
