// The hand-written ExtrinsicResult encoder gives protobuf-es's bytes exactly.
import { toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ExtrinsicResultSchema } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { outcomeToProto } from "../node";
import type { ExtrinsicOutcome } from "../state/apply";
import { event } from "../state/events";
import { encodeOutcome } from "./result-codec";

const outcomes: ExtrinsicOutcome[] = [
  { success: true, fee: 100_000n, events: [event("Transfer", { from: "5a", to: "5b", amount: 1000n })] },
  { success: true, fee: 0n, events: [] },
  { success: false, error: "InsufficientBalance", message: "balance 3 rao … «x»", fee: 1n, events: [] },
  {
    success: true,
    fee: (1n << 64n) - 1n,
    events: [event("", {}), event("E", { "": "", k: "v".repeat(300) })],
  },
  {
    success: true,
    fee: 127n,
    events: [
      event("NeuronRegistered", { netuid: 1, uid: 4095, hotkey: "5x", coldkey: "5y", immune: true }),
      event("StakeAdded", { coldkey: "ü".repeat(70), hotkey: "h", amount: 2n ** 63n }),
    ],
  },
];

describe("encodeOutcome", () => {
  it("matches toBinary byte for byte", () => {
    for (const o of outcomes) {
      expect(Buffer.from(encodeOutcome(o)).toString("hex")).toBe(
        Buffer.from(toBinary(ExtrinsicResultSchema, outcomeToProto(o))).toString("hex"),
      );
    }
  });
});
