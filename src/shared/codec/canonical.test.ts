import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { calls } from "../extrinsics";
import { SignedPayloadSchema } from "../gen/neuralmesh/ledger/v1/ledger_pb";
import { decodeCanonical, NonCanonicalError } from ".";

const payload = create(SignedPayloadSchema, {
  call: calls.transfer("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 7n),
  signer: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  nonce: 3n,
  genesisHash: new Uint8Array(32).fill(1),
  specVersion: 1,
});
const canonical = toBinary(SignedPayloadSchema, payload);

describe("decodeCanonical", () => {
  it("accepts what protobuf-es writes", () => {
    expect(decodeCanonical(SignedPayloadSchema, canonical).nonce).toBe(3n);
  });

  it.each([
    ["an unknown field", [...canonical, 0x7a, 0x02, 0x00, 0x00]],
    ["a repeated singular field", [...canonical, 0x18, 0x04]],
    ["an explicit default value", [...canonical, 0x38, 0x00]],
    ["a non-minimal varint", [...canonical.slice(0, -2), 0x28, 0x81, 0x00]],
    ["an empty group", [0x4b, 0x4c, ...canonical]],
  ])("refuses %s", (_what, bytes) => {
    expect(() => decodeCanonical(SignedPayloadSchema, Uint8Array.from(bytes))).toThrow(NonCanonicalError);
  });

  it("lets decoding errors through as themselves (the caller names them Malformed)", () => {
    expect(() => decodeCanonical(SignedPayloadSchema, Uint8Array.of(0xff, 0xff))).toThrow(Error);
    expect(() => decodeCanonical(SignedPayloadSchema, Uint8Array.of(0xff, 0xff))).not.toThrow(
      NonCanonicalError,
    );
  });
});
