import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { BlockSchema } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { blockJson } from "../commands/block";
import { submissionFields } from "../commands/wallet";
import { memoryIo } from "./io";
import { printJson, toJson } from "./output";

// Node's transports can hand protobuf-es Buffer chunks, so decoded bytes fields may be Buffers, whose toJSON
// runs before any replacer: each case here is a shape a command prints with --json.
const hash = Buffer.from("ab".repeat(32), "hex");
const hex = `0x${"ab".repeat(32)}`;

describe("--json output", () => {
  it("prints every Uint8Array and Buffer as 0x-hex, at any depth, and bigints as decimal strings", () => {
    const value = {
      buffer: Buffer.from([1, 2, 255]),
      bytes: new Uint8Array([0, 16]),
      nested: [{ deep: { hash } }, Buffer.alloc(0)],
      amount: 10n ** 18n,
    };
    expect(JSON.parse(toJson(value))).toEqual({
      buffer: "0x0102ff",
      bytes: "0x0010",
      nested: [{ deep: { hash: hex } }, "0x"],
      amount: "1000000000000000000",
    });
    expect(toJson(Buffer.from([7]))).toBe('"0x07"');
  });

  it("block show --json: a block with an extrinsic, decoded into Buffers, has hex hashes", () => {
    const block = create(BlockSchema, {
      hash,
      header: { number: 3n, parentHash: hash, stateRoot: hash, extrinsicsRoot: hash, signature: hash },
      extrinsics: [{ index: 0, hash, extrinsic: hash, result: { success: true, fee: 5n } }],
    });
    const io = memoryIo();
    printJson(io, blockJson(block));
    expect(io.stdout).not.toContain("Buffer");
    const json = JSON.parse(io.stdout);
    expect(json).toMatchObject({ hash: hex, parentHash: hex, signature: hex, number: "3" });
    expect(json.extrinsics[0]).toMatchObject({ hash: hex, fee: "5" });
  });

  it("transfer/stake/register --json: the submission's hash is hex", () => {
    const fields = submissionFields({
      hash,
      signer: "5F",
      nonce: 1n,
      included: true,
      blockNumber: 2n,
      fee: 3n,
      events: [],
    });
    expect(JSON.parse(toJson(fields))).toMatchObject({ hash: hex, nonce: "1", blockNumber: "2", fee: "3" });
  });
});
