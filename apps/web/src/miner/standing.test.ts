import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { NeuronSchema } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { standingOf } from "./standing";

describe("standingOf", () => {
  it("names each state the dashboard shows", () => {
    expect(standingOf(undefined, false)).toBeUndefined();
    expect(standingOf(null, false)).toBe("unregistered");
    expect(standingOf(null, true)).toBe("deregistered");
    expect(standingOf(create(NeuronSchema, { uid: 3 }), false)).toBe("unranked");
    expect(standingOf(create(NeuronSchema, { uid: 3, rank: 12 }), true)).toBe("ranked");
    expect(standingOf(create(NeuronSchema, { uid: 3, incentive: 1 }), true)).toBe("ranked");
    expect(standingOf(create(NeuronSchema, { uid: 3, emission: 5n }), true)).toBe("ranked");
  });
});
