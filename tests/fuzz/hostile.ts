// Hostile field values shared by every fuzz property: addresses of keys nobody holds (small-order and
// non-canonical points, reused from the strict ed25519 vectors), u64 and u32 edges, malleated signatures,
// and a schema-driven arbitrary that fills any protobuf message of the three services with them.
import { create, type DescField, type DescMessage, type MessageShape, ScalarType } from "@bufbuild/protobuf";
import * as ed from "@noble/ed25519";
import fc from "fast-check";
import { devHotkey, devKeypair } from "../../src/shared/devnet";
import { encodeAddress, type Keypair, sign } from "../../src/shared/keys";
import { smallOrderEncodings } from "../../src/shared/keys/strict-vectors.testkit";
import { U64_EDGES } from "./mutate";

const L = ed.Point.CURVE().n;
const P = ed.Point.CURVE().p;

const le32 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
};
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

export const alice = devKeypair("alice");
export const bob = devKeypair("bob");
export const charlie = devKeypair("charlie");

/** The public keys nobody can sign for honestly: all small-order encodings and a non-canonical y = p + 3. */
export const WEAK_KEYS: Uint8Array[] = [
  ...smallOrderEncodings(),
  (() => {
    const b = le32(P + 3n);
    return b;
  })(),
];
export const WEAK_ADDRESSES: string[] = WEAK_KEYS.map((k) => encodeAddress(k));
/** The identity point's address: funded at genesis in the fuzz chains, so a forgery would move coins. */
export const IDENTITY_ADDRESS = encodeAddress(ed.Point.ZERO.toBytes());

export const U32_EDGES = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1] as const;

export const u64Arb = fc.oneof(
  fc.constantFrom(...U64_EDGES),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: 0n, max: 10n ** 16n }),
);
export const u32Arb = fc.oneof(fc.constantFrom(...U32_EDGES), fc.nat({ max: 64 }), fc.nat());

/** Strings a field might receive: real and weak addresses, broken SS58, endpoints, junk, big ones. */
export function stringArb(known: readonly string[] = []): fc.Arbitrary<string> {
  const real = [alice.ss58, bob.ss58, charlie.ss58, devHotkey(600).ss58, ...known];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.constantFrom(...WEAK_ADDRESSES, IDENTITY_ADDRESS) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom("drop", "swap", "x"))
        .map(([a, i, how]) => {
          const at = i % a.length;
          if (how === "drop") return a.slice(0, at) + a.slice(at + 1);
          if (how === "swap") return a.slice(0, at) + (a[at] === "1" ? "2" : "1") + a.slice(at + 1);
          return `${a}x`;
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "bridge:",
        "bridge:http://127.0.0.1:1",
        "127.0.0.1:0",
        "[::1]:65536",
        "tempo",
        "true",
        "-1",
        "18446744073709551616",
        "\u0000",
        "\ud800",
        "0x",
      ),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 70_000 }).map((n) => "a".repeat(n)) },
  );
}

export const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.constantFrom(new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(64), new Uint8Array(65)),
  fc.integer({ min: 100, max: 70_000 }).map((n) => new Uint8Array(n).fill(7)),
);

function scalarArb(t: ScalarType, strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (t) {
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return u64Arb;
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.oneof(
        fc.constantFrom(-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      );
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return u32Arb;
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.oneof(fc.constantFrom(-(2 ** 31), -1, 0, 2 ** 31 - 1), fc.integer());
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.STRING:
      return strings;
    case ScalarType.BYTES:
      return bytesArb;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return fc.oneof(fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300), fc.double());
  }
}

function fieldArb(f: DescField, depth: number, strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (f.fieldKind) {
    case "scalar":
      return scalarArb(f.scalar, strings);
    case "enum":
      return fc.oneof(
        fc.constantFrom(...f.enum.values.map((v) => v.number)),
        fc.constantFrom(-1, 99, 2 ** 31 - 1),
      );
    case "message":
      return depth > 3 ? fc.constant(undefined) : messageInitArb(f.message, depth + 1, strings);
    case "list": {
      const item =
        f.listKind === "scalar"
          ? scalarArb(f.scalar, strings)
          : f.listKind === "enum"
            ? fc.constantFrom(...f.enum.values.map((v) => v.number))
            : depth > 3
              ? fc.constant(undefined)
              : messageInitArb(f.message, depth + 1, strings);
      return fc.array(item, { maxLength: 8 }).map((xs) => xs.filter((x) => x !== undefined));
    }
    case "map":
      return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 });
  }
}

function messageInitArb(desc: DescMessage, depth: number, strings: fc.Arbitrary<string>) {
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of desc.fields) {
    if (f.oneof) continue;
    parts[f.localName] = fc.option(fieldArb(f, depth, strings), { nil: undefined, freq: 3 });
  }
  for (const o of desc.oneofs) {
    parts[o.localName] = fc.option(
      fc.oneof(
        ...o.fields.map((f) => fieldArb(f, depth, strings).map((value) => ({ case: f.localName, value }))),
      ),
      { nil: undefined, freq: 3 },
    );
  }
  return fc.record(parts, { requiredKeys: [] });
}

/** Any message of `desc`, every field drawn from the hostile values above (or left at its default). */
export function messageArb<Desc extends DescMessage>(
  desc: Desc,
  known: readonly string[] = [],
): fc.Arbitrary<MessageShape<Desc>> {
  return messageInitArb(desc, 0, stringArb(known)).map((init) => {
    const clean = Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined));
    return create(desc, clean as never) as MessageShape<Desc>;
  });
}

/** How a signature is spoiled: each must be refused where an honest one is accepted. */
export type SignatureVariant =
  | "honest"
  | "flip"
  | "s-plus-l"
  | "s-high-bit"
  | "zero"
  | "small-order-r"
  | "non-canonical-r"
  | "short"
  | "long";

export const signatureVariantArb: fc.Arbitrary<SignatureVariant> = fc.constantFrom(
  "honest",
  "flip",
  "s-plus-l",
  "s-high-bit",
  "zero",
  "small-order-r",
  "non-canonical-r",
  "short",
  "long",
);

/** Signs `message` with `key` (or forges for a key with no secret) and spoils the signature as asked. */
export function signWith(
  key: Keypair | undefined,
  message: Uint8Array,
  variant: SignatureVariant,
  at = 0,
): Uint8Array {
  // No secret: R = [s]B, S = s, the forgery the identity key admits under a cofactorless check.
  const honest = key
    ? sign(message, key.secretKey)
    : Uint8Array.from([...ed.Point.BASE.multiply(42n).toBytes(), ...le32(42n)]);
  const s = fromLe(honest.subarray(32));
  const withS = (v: bigint) => Uint8Array.from([...honest.subarray(0, 32), ...le32(v)]);
  switch (variant) {
    case "honest":
      return honest;
    case "flip": {
      const out = honest.slice();
      out[at % 64] ^= 1 << (at % 8);
      return out;
    }
    case "s-plus-l":
      return withS(s + L);
    case "s-high-bit":
      return withS(s + 2n ** 253n);
    case "zero":
      return new Uint8Array(64);
    case "small-order-r":
      return Uint8Array.from([...WEAK_KEYS[at % (WEAK_KEYS.length - 1)], ...honest.subarray(32)]);
    case "non-canonical-r":
      return Uint8Array.from([...le32(P + 3n), ...honest.subarray(32)]);
    case "short":
      return honest.subarray(0, 63);
    case "long":
      return Uint8Array.from([...honest, 0]);
  }
}
