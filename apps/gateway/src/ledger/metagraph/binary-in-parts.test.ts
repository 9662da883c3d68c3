// toBinarySteps must give toBinary's very bytes (a metagraph snapshot's identity is found by its hash).
import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { AxonSchema, MetagraphSchema } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { runSteps } from "../steps";
import { toBinarySteps } from "./binary-in-parts";

function metagraph(n: number) {
  const m = create(MetagraphSchema, { netuid: 3, block: 12345n, epochBlock: 12000n, n, nextRow: 7 });
  for (let uid = 0; uid < n; uid++) {
    m.hotkeys.push(`hot-${uid}`);
    m.coldkeys.push(uid % 3 === 0 ? "" : `cold-${uid % 17}`);
    m.stake.push(BigInt(uid) * 1_000_000_007n);
    m.rank.push((uid * 7919) % 65536);
    m.validatorPermit.push(uid % 5 === 0);
    m.blockAtRegistration.push(BigInt(uid % 100));
    m.axons.push(
      create(
        AxonSchema,
        uid % 4 === 0 ? {} : { endpoint: `10.0.0.${uid % 250}:80`, modality: 1, version: uid },
      ),
    );
  }
  return m;
}

describe("toBinarySteps", () => {
  it.each([0, 1, 511, 512, 513, 4096])("gives toBinary's bytes for a metagraph of %i UIDs", (n) => {
    const m = metagraph(n);
    expect(Buffer.from(runSteps(toBinarySteps(MetagraphSchema, m)))).toEqual(
      Buffer.from(toBinary(MetagraphSchema, m)),
    );
  });

  it("yields more than once for a long message, so the split block can pause", () => {
    const steps = toBinarySteps(MetagraphSchema, metagraph(4096));
    let yields = 0;
    while (!steps.next().done) yields++;
    expect(yields).toBeGreaterThan(20);
  });
});
