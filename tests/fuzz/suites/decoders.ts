// The decoders of hostile bytes, called directly (no sockets, many cases): extrinsic bytes, block bytes
// (a follower importing a mutated block of a real authority, on real SQLite files), tensors, Forward
// requests and responses, request authentication, addresses and amounts. Each may only throw its own typed
// error; a follower that refuses a block keeps its best block, state root and balances.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { expect } from "vitest";
import { BlockImportError } from "../../../apps/gateway/src/ledger/chain/verify-block";
import { LedgerNode } from "../../../apps/gateway/src/ledger/node";
import { getAccount } from "../../../apps/gateway/src/ledger/state/access";
import { decodeExtrinsic } from "../../../apps/gateway/src/ledger/state/decode";
import { LEDGER_ERRORS, LedgerError } from "../../../apps/gateway/src/ledger/state/errors";
import { verifyExtrinsic } from "../../../apps/gateway/src/ledger/state/verify";
import { silentLogger } from "../../../apps/gateway/src/log";
import { oneHotLogprobs } from "../../../apps/neuron/src/miner/answers";
import { devHotkey } from "../../../src/shared/devnet";
import { AmountError, calls, parseRao, parseTokens, U64_MAX } from "../../../src/shared/extrinsics";
import { RawExtrinsicSchema } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  DType,
  ForwardRequestSchema,
  ForwardResponseSchema,
  ReturnCode,
  Synapse,
  TensorSchema,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { decodeAddress, encodeAddress, KeyError } from "../../../src/shared/keys";
import { AuthError, signingMessage, verifyRequest } from "../../../src/shared/neuron/auth";
import { answerCausalLm, readCausalLmResponse } from "../../../src/shared/neuron/causal-lm";
import {
  checkTensor,
  readFloat32,
  readTokenIds,
  readUint8,
  TensorError,
} from "../../../src/shared/neuron/tensor";
import { TOKEN, testGenesis } from "../../integration/ledger/helpers";
import { Tally } from "../answers";
import { buildExtrinsic, extrinsicCaseArb } from "../extrinsics";
import { structuredForwardRequestArb } from "../forward";
import {
  alice,
  bob,
  IDENTITY_ADDRESS,
  messageArb,
  type SignatureVariant,
  signatureVariantArb,
  signWith,
  stringArb,
  u32Arb,
  WEAK_KEYS,
} from "../hostile";
import { applyMutations, mutationsArb, sameBytes, U64_EDGES } from "../mutate";
import { type FuzzSuite, tallyOf } from "../suite";

interface Ctx {
  tally: Map<string, Tally>;
  dirs: string[];
  authority: LedgerNode;
  follower: LedgerNode;
  block: { number: bigint; header: Uint8Array; extrinsics: Uint8Array[] };
}

/** Records what a thrown value was, and fails unless it is one of `allowed`. */
function expectTypedThrow(e: unknown, allowed: (new (...args: never[]) => Error)[], what: string): string {
  const ok = allowed.some((c) => e instanceof c);
  expect(ok, `${what} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`).toBe(true);
  if (e instanceof LedgerError) {
    expect(Object.hasOwn(LEDGER_ERRORS, e.code), `unknown ledger error ${e.code}`).toBe(true);
    return e.code;
  }
  if (e instanceof BlockImportError) return e.reason;
  if (e instanceof KeyError) return e.code;
  if (e instanceof AuthError) return e.reason;
  return (e as Error).name;
}

const count = (t: Tally, label: string) => t.counts.set(label, (t.counts.get(label) ?? 0) + 1);

const tensorArb = fc.oneof(
  messageArb(TensorSchema),
  // Consistent ones too, so the readers get past the length check and meet the element values.
  fc
    .record({
      dtype: fc.constantFrom(DType.UINT8, DType.INT32, DType.INT64, DType.FLOAT32),
      shape: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 4 }),
      fill: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    })
    .map(({ dtype, shape, fill }) => {
      const size = { [DType.UINT8]: 1, [DType.INT32]: 4, [DType.INT64]: 8, [DType.FLOAT32]: 4 }[dtype] ?? 1;
      const n = shape.reduce((a, b) => a * b, 1) * size;
      const data = new Uint8Array(n).map((_, i) => fill[i % fill.length]);
      return create(TensorSchema, { dtype, shape, data });
    }),
);

const forwardRequestArb = fc.oneof(
  { weight: 1, arbitrary: messageArb(ForwardRequestSchema) },
  { weight: 3, arbitrary: structuredForwardRequestArb() },
);

async function setup(): Promise<Ctx> {
  const dirs = [mkdtempSync(join(tmpdir(), "nm-fuzz-auth-")), mkdtempSync(join(tmpdir(), "nm-fuzz-follow-"))];
  const genesisText = JSON.stringify(
    testGenesis({
      balances: [
        ...(testGenesis().balances as object[]),
        { address: IDENTITY_ADDRESS, free: String(1000n * TOKEN) },
      ],
    }),
  );
  const authority = LedgerNode.open({
    dataDir: dirs[0],
    genesisText,
    logger: silentLogger,
    epochs: "inline",
  });
  const follower = LedgerNode.open({
    dataDir: dirs[1],
    genesisText,
    follower: true,
    logger: silentLogger,
    epochs: "inline",
  });
  // Block 1 of the authority carries two transfers by two signers, so a mutated list has an order to break.
  const chain = { genesisHash: authority.params.genesisHash, nonceOf: () => 0n };
  for (const [who, to] of [
    [alice, bob],
    [bob, alice],
  ] as const) {
    const { bytes } = await buildExtrinsic(
      {
        signer: who === alice ? "alice" : "bob",
        call: calls.transfer(to.ss58, TOKEN),
        nonce: 0n,
        genesis: "right",
        specVersion: "right",
        validUntilBlock: 0n,
        tip: 0n,
        signature: "honest",
        signatureAt: 0,
        mutations: [],
      },
      chain,
    );
    authority.submit(bytes);
  }
  authority.produceBlock();
  const row = authority.store.blockByNumber(1)!;
  const block = {
    number: 1n,
    header: new Uint8Array(row.header),
    extrinsics: authority.store.extrinsicsOfBlock(1).map((x) => new Uint8Array(x.bytes)),
  };
  expect(block.extrinsics.length).toBe(2);
  return { tally: new Map(), dirs, authority, follower, block };
}

async function teardown(ctx: Ctx): Promise<void> {
  ctx.authority.close();
  ctx.follower.close();
  for (const d of ctx.dirs) rmSync(d, { recursive: true, force: true });
}

const blockCaseArb = fc.record({
  target: fc.constantFrom("header", "extrinsic", "list", "number"),
  mutations: mutationsArb,
  index: fc.nat({ max: 7 }),
  listOp: fc.constantFrom("drop", "duplicate", "swap", "append-garbage"),
  number: fc.constantFrom(...U64_EDGES),
});

export const decoderSuite: FuzzSuite<Ctx> = {
  name: "decoders",
  setup,
  teardown,
  properties: [
    {
      name: "extrinsic bytes decode or refuse with a LedgerError; only honest ones verify",
      runs: 600,
      make: (ctx) =>
        fc.asyncProperty(
          fc.oneof(
            { weight: 5, arbitrary: extrinsicCaseArb.map((c) => ({ c })) },
            { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((raw) => ({ raw })) },
          ),
          async (input) => {
            const t = tallyOf(ctx, "extrinsic bytes", () => new Tally());
            const chain = { genesisHash: ctx.authority.params.genesisHash, nonceOf: () => 0n };
            const built = "c" in input ? await buildExtrinsic(input.c, chain) : undefined;
            const bytes = built?.bytes ?? (input as { raw: Uint8Array }).raw;
            let xt: ReturnType<typeof decodeExtrinsic>;
            try {
              xt = decodeExtrinsic(bytes, ctx.authority.params.maxExtrinsicBytes);
            } catch (e) {
              count(t, expectTypedThrow(e, [LedgerError], "decodeExtrinsic"));
              return;
            }
            // Accepted bytes are the one canonical encoding of what they decode to.
            const again = toBinary(
              RawExtrinsicSchema,
              create(RawExtrinsicSchema, { payload: xt.payloadBytes, signature: xt.signature }),
            );
            expect(sameBytes(again, bytes), "accepted extrinsic bytes are canonical").toBe(true);
            const verified = verifyExtrinsic(xt);
            count(t, verified ? "decoded, verifies" : "decoded, BadSignature");
            if (verified) {
              // Only a real key's honest signature over the payload it signed may verify: exactly the bytes
              // an honest signer sends (a mutation that undoes a spoiled bit gives those bytes back).
              const honest = built?.honest;
              expect(honest, "a signature verified for a key nobody holds").toBeDefined();
              expect(sameBytes(bytes, honest!), "spoiled, forged or mutated bytes verified").toBe(true);
            }
          },
        ),
    },
    {
      name: "a follower refuses mutated block bytes with a BlockImportError and stays where it was",
      runs: 250,
      make: (ctx) =>
        fc.asyncProperty(blockCaseArb, async (bc) => {
          const t = tallyOf(ctx, "block bytes", () => new Tally());
          const b = ctx.block;
          let header = b.header;
          let extrinsics = b.extrinsics;
          let number = b.number;
          if (bc.target === "header") header = applyMutations(header, bc.mutations);
          else if (bc.target === "extrinsic") {
            const i = bc.index % extrinsics.length;
            extrinsics = extrinsics.map((x, j) => (j === i ? applyMutations(x, bc.mutations) : x));
          } else if (bc.target === "number") number = bc.number;
          else if (bc.listOp === "drop") extrinsics = extrinsics.slice(1);
          else if (bc.listOp === "duplicate") extrinsics = [...extrinsics, extrinsics[0]];
          else if (bc.listOp === "swap") extrinsics = [...extrinsics].reverse();
          else extrinsics = [...extrinsics, applyMutations(extrinsics[0], bc.mutations)];
          const unchanged =
            number === b.number &&
            sameBytes(header, b.header) &&
            extrinsics.length === b.extrinsics.length &&
            extrinsics.every((x, i) => sameBytes(x, b.extrinsics[i]));
          fc.pre(!unchanged);
          const f = ctx.follower;
          const before = {
            best: f.bestNumber,
            acc: f.accumulator,
            alice: getAccount(f.state, alice.ss58),
            bob: getAccount(f.state, bob.ss58),
          };
          let threw: unknown;
          try {
            f.importBlock({ number, header, extrinsics });
          } catch (e) {
            threw = e;
          }
          expect(threw, "a mutated block was imported").toBeDefined();
          count(t, expectTypedThrow(threw, [BlockImportError], "importBlock"));
          expect({
            best: f.bestNumber,
            acc: f.accumulator,
            alice: getAccount(f.state, alice.ss58),
            bob: getAccount(f.state, bob.ss58),
          }).toEqual(before);
        }),
    },
    {
      name: "tensor readers refuse with a TensorError",
      runs: 500,
      make: (ctx) =>
        fc.asyncProperty(
          tensorArb,
          fc.array(fc.option(fc.nat({ max: 8 }), { nil: null }), { maxLength: 4 }),
          async (tensor, expected) => {
            const t = tallyOf(ctx, "tensors", () => new Tally());
            for (const [name, read] of [
              ["checkTensor", () => checkTensor(tensor, "t", expected)],
              ["readTokenIds", () => readTokenIds(tensor)],
              ["readFloat32", () => readFloat32(tensor, "t", expected)],
              ["readUint8", () => readUint8(tensor, "t", expected)],
            ] as const) {
              try {
                const out = read();
                if (typeof out !== "number") {
                  const n = tensor.shape.reduce((a, d) => a * d, 1);
                  expect(out.length, `${name} returned a wrong element count`).toBe(n);
                }
                count(t, "ok");
              } catch (e) {
                count(t, expectTypedThrow(e, [TensorError], name));
              }
            }
          },
        ),
    },
    {
      name: "a server answers any Forward request with a return code, and its successes read back",
      runs: 300,
      make: (ctx) =>
        fc.asyncProperty(forwardRequestArb, async (request) => {
          const t = tallyOf(ctx, "forward requests", () => new Tally());
          const response = await answerCausalLm(request, oneHotLogprobs(), "one-hot");
          count(t, ReturnCode[response.code] ?? String(response.code));
          if (response.code === ReturnCode.SUCCESS) {
            const [batch, seq] = request.inputs!.shape;
            expect(readCausalLmResponse(response, batch, seq)).toHaveLength(batch * seq);
          } else {
            expect(response.code).not.toBe(ReturnCode.UNKNOWN_ERROR);
          }
        }),
    },
    {
      name: "a validator reads hostile Forward responses or refuses with a TensorError",
      runs: 400,
      make: (ctx) => {
        const valid = answerCausalLm(
          create(ForwardRequestSchema, {
            synapse: Synapse.TEXT_CAUSAL_LM,
            netuid: 1,
            inputs: { dtype: DType.UINT8, shape: [1, 3], data: Uint8Array.of(1, 2, 3) },
            topK: 4,
          }),
          oneHotLogprobs(),
        );
        return fc.asyncProperty(
          fc.oneof(
            messageArb(ForwardResponseSchema).map((r) => ({ r })),
            mutationsArb.map((m) => ({ m })),
          ),
          async (input) => {
            const t = tallyOf(ctx, "forward responses", () => new Tally());
            let response = "r" in input ? input.r : undefined;
            if ("m" in input) {
              try {
                response = fromBinary(
                  ForwardResponseSchema,
                  applyMutations(toBinary(ForwardResponseSchema, await valid), input.m),
                );
              } catch {
                count(t, "undecodable");
                return;
              }
            }
            try {
              readCausalLmResponse(response!, 1, 3);
              count(t, "ok");
            } catch (e) {
              count(t, expectTypedThrow(e, [TensorError], "readCausalLmResponse"));
            }
          },
        );
      },
    },
    {
      name: "request authentication refuses hostile headers with an AuthError; only honest ones pass",
      runs: 400,
      make: (ctx) => {
        const caller = devHotkey(501);
        const target = devHotkey(500).ss58;
        const body = Uint8Array.of(8, 1, 16, 1);
        return fc.asyncProperty(
          fc.record({
            callerKey: fc.oneof(
              { weight: 3, arbitrary: fc.constant(-1) },
              { weight: 1, arbitrary: fc.nat({ max: WEAK_KEYS.length - 1 }) },
            ),
            callerText: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: stringArb() },
            ),
            target: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: stringArb([target]) },
            ),
            nonce: fc.oneof(
              fc.constant("now"),
              fc.constantFrom(
                "",
                "-1",
                "0",
                "18446744073709551615",
                "18446744073709551616",
                "1e9",
                " 1",
                "9".repeat(21),
              ),
            ),
            signature: fc.oneof(
              { weight: 2, arbitrary: fc.constant("honest" as const) },
              { weight: 2, arbitrary: signatureVariantArb },
            ),
            at: fc.nat({ max: 1023 }),
            hexMangle: fc.oneof(
              { weight: 4, arbitrary: fc.constant("none") },
              { weight: 1, arbitrary: fc.constantFrom("upper", "no-0x", "odd", "junk") },
            ),
          }),
          async (h) => {
            const t = tallyOf(ctx, "auth headers", () => new Tally());
            const now = 1_700_000_000_000;
            const nonceText = h.nonce === "now" ? `${BigInt(now) * 1_000_000n}` : h.nonce;
            const weak = h.callerKey >= 0 ? WEAK_KEYS[h.callerKey] : undefined;
            const callerAddress = h.callerText ?? (weak ? encodeAddress(weak) : caller.ss58);
            const tgt = h.target ?? target;
            let message: Uint8Array = new Uint8Array();
            try {
              message = signingMessage(BigInt(nonceText), callerAddress, tgt, body);
            } catch {}
            const sig = signWith(weak ? undefined : caller, message, h.signature as SignatureVariant, h.at);
            let hex = `0x${Buffer.from(sig).toString("hex")}`;
            if (h.hexMangle === "upper") hex = hex.toUpperCase();
            else if (h.hexMangle === "no-0x") hex = hex.slice(2);
            else if (h.hexMangle === "odd") hex = hex.slice(0, -1);
            else if (h.hexMangle === "junk") hex = `${hex.slice(0, -2)}zz`;
            const headers: Record<string, string> = {
              "nm-caller": callerAddress,
              "nm-target": tgt,
              "nm-nonce": nonceText,
              "nm-signature": hex,
            };
            try {
              const v = verifyRequest((n) => headers[n], body, target, { nowMs: now });
              count(t, "ok");
              expect(v.caller).toBe(caller.ss58);
              expect(h.signature, "a spoiled signature passed").toBe("honest");
              expect(weak).toBeUndefined();
            } catch (e) {
              count(t, expectTypedThrow(e, [AuthError], "verifyRequest"));
            }
          },
        );
      },
    },
    {
      name: "addresses and amounts parse or refuse with their typed errors",
      runs: 500,
      make: (ctx) =>
        fc.asyncProperty(
          stringArb(),
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom(
              ...[...U64_EDGES, 2n ** 64n].map(String),
              "1.0000000001",
              "-0",
              "1e3",
              "0x10",
              " 1",
              "18446744073.709551615",
            ),
            u32Arb.map(String),
          ),
          async (address, amount) => {
            const t = tallyOf(ctx, "addresses and amounts", () => new Tally());
            try {
              const key = decodeAddress(address);
              expect(key.length).toBe(32);
              count(t, "address ok");
            } catch (e) {
              count(t, expectTypedThrow(e, [KeyError], "decodeAddress"));
            }
            for (const parse of [parseRao, parseTokens]) {
              try {
                const v = parse(amount);
                expect(v >= 0n && v <= U64_MAX, `${parse.name}(${amount}) = ${v}`).toBe(true);
                count(t, "amount ok");
              } catch (e) {
                count(t, expectTypedThrow(e, [AmountError], parse.name));
              }
            }
          },
        ),
    },
  ],
};
