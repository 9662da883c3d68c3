import { create, toBinary } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  BlockSchema,
  EventSchema,
  ExtrinsicRecordSchema,
  MetagraphSchema,
  SparseRowSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { estimateBytes, responseCost, streamedCost } from "./response-size";

// The budget must never undercount what is sent: the estimate is checked against the real encoding.
describe("estimateBytes", () => {
  it("is at least the protobuf size and not wildly above it, for bytes-heavy and number-heavy messages", () => {
    const block = create(BlockSchema, {
      hash: new Uint8Array(32),
      extrinsics: Array.from({ length: 50 }, (_, i) =>
        create(ExtrinsicRecordSchema, {
          hash: new Uint8Array(32),
          index: i,
          extrinsic: new Uint8Array(5000),
        }),
      ),
      events: [create(EventSchema, { kind: "Emission", fields: { amount: "1000000000", netuid: "1" } })],
    });
    const metagraph = create(MetagraphSchema, {
      n: 4096,
      hotkeys: Array.from({ length: 4096 }, (_, i) => `5Hotkey${i}`.padEnd(48, "x")),
      stake: Array.from({ length: 4096 }, () => 123_456_789_000n),
      rank: Array.from({ length: 4096 }, () => 65535),
      weights: Array.from({ length: 64 }, () =>
        create(SparseRowSchema, { uids: [...Array(4096).keys()], values: Array(4096).fill(65535) }),
      ),
    });
    for (const [schema, message] of [
      [BlockSchema, block],
      [MetagraphSchema, metagraph],
    ] as const) {
      // biome-ignore lint/suspicious/noExplicitAny: two schemas in one loop
      const real = toBinary(schema as any, message).length;
      const estimate = estimateBytes(message);
      expect(estimate).toBeGreaterThanOrEqual(real);
      expect(estimate).toBeLessThan(real * 4);
    }
  });

  it("streamedCost is responseCost, estimated once per message", () => {
    const ctxOf = (type: string) =>
      ({ requestHeader: new Headers({ "content-type": type }) }) as unknown as HandlerContext;
    const m = create(EventSchema, {});
    for (const ctx of [ctxOf("application/proto"), ctxOf("application/json")]) {
      expect(streamedCost(ctx, m)).toBe(responseCost(ctx, m));
      expect(streamedCost(ctx, m)).toBe(responseCost(ctx, m));
    }
  });
});
