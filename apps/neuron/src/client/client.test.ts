import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  AxonSchema,
  MetagraphSchema,
  Modality,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { ForwardResponseSchema, ReturnCode } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { forwardLogprobs } from "../../../../src/shared/models/forward";
import { answerCausalLm } from "../../../../src/shared/neuron/causal-lm";
import { trainBigram } from "../models/train-counts";
import { type ClientOptions, type PeerForwarder, runDistillation, type WeightedPeer } from "./client";
import { rankedPeers } from "./peer-source";

// A small synthetic text and a bigram teacher keep this a unit test; real axons and the ladder's models
// are exercised by distill.int.test.ts.
const text = new TextEncoder().encode("the cat sat on the mat. the dog sat on the log. ".repeat(80));
const teacher = trainBigram(text);

/** In-process stand-in for ForwardClient: each hotkey behaves in one way, and every call is recorded. */
function fakeForwarder(asked: string[]): PeerForwarder {
  return {
    async forward(peer, request) {
      asked.push(peer.hotkey);
      if (peer.hotkey.startsWith("good")) {
        const response = await answerCausalLm(request, async (t, b, s) => forwardLogprobs(teacher, t, b, s));
        return { ok: true, response, ms: 0 };
      }
      if (peer.hotkey.startsWith("malformed")) {
        return { ok: true, response: create(ForwardResponseSchema, { code: ReturnCode.SUCCESS }), ms: 0 };
      }
      return { ok: false, code: "DeadlineExceeded", message: "timed out", ms: 0 };
    },
  };
}

function options(peers: WeightedPeer[], asked: string[], extra: Partial<ClientOptions> = {}): ClientOptions {
  return {
    netuid: 1,
    peers: () => peers,
    forward: fakeForwarder(asked),
    train: text,
    heldOut: text.subarray(0, 1024),
    steps: 30,
    batch: 4,
    seq: 16,
    student: { kind: "mlp", context: 2, embed: 4, hidden: [8] },
    lr: 0.03,
    ...extra,
  };
}

const peer = (hotkey: string, rank: number): WeightedPeer => ({ hotkey, endpoint: `${hotkey}:1`, rank });

describe("runDistillation", () => {
  it("asks the best-ranked peers, learns from the good one and counts the others' failures", async () => {
    const asked: string[] = [];
    const peers = [peer("good", 5), peer("malformed", 9), peer("down", 3), peer("unasked", 1)];
    const report = await runDistillation(options(peers, asked));
    expect(new Set(asked)).toEqual(new Set(["good", "malformed", "down"]));
    expect(report.fallbackSteps).toBe(0);
    const by = Object.fromEntries(report.peers.map((p) => [p.hotkey, p]));
    expect(by.good).toMatchObject({ asked: 30, answered: 30, invalid: 0, failed: 0, meanWeight: 1 });
    expect(by.malformed).toMatchObject({ asked: 30, answered: 0, invalid: 30, meanWeight: 0 });
    expect(by.down).toMatchObject({ asked: 30, failed: 30, lastError: "DeadlineExceeded: timed out" });
    // The bigram teacher knows this text well: its mixture scores far better than uniform (ln 256).
    expect(report.meanMixtureLoss).toBeLessThan(1.5);
    expect(report.distilledLoss).not.toBe(report.textOnlyLoss);
    // Same seed, same peers: the same run.
    const again = await runDistillation(options(peers, []));
    expect(again.distilledLoss).toBe(report.distilledLoss);
    expect(again.textOnlyLoss).toBe(report.textOnlyLoss);
  });

  it("trains on the text when no peer answers, so both students end identical", async () => {
    const report = await runDistillation(options([peer("down", 1), peer("malformed", 1)], [], { steps: 10 }));
    expect(report.fallbackSteps).toBe(10);
    expect(report.meanMixtureLoss).toBeUndefined();
    expect(report.distilledLoss).toBe(report.textOnlyLoss);
  });

  it("with alpha = 0 trains exactly as the text-only twin", async () => {
    const report = await runDistillation(options([peer("good", 1)], [], { steps: 10, alpha: 0 }));
    expect(report.fallbackSteps).toBe(0);
    expect(report.distilledLoss).toBe(report.textOnlyLoss);
  });
});

describe("rankedPeers", () => {
  it("lists serving axons of the modality, best incentive first, weighted by incentive, without self", () => {
    const axon = (endpoint: string, modality = Modality.TEXT) => create(AxonSchema, { endpoint, modality });
    const m = create(MetagraphSchema, {
      netuid: 1,
      n: 5,
      hotkeys: ["a", "b", "c", "d", "me"],
      incentive: [100, 60_000, 0, 30_000, 65_535],
      axons: [axon("h:1"), axon("h:2"), axon(""), axon("h:4", Modality.IMAGE), axon("h:5")],
    });
    expect(rankedPeers(m, Modality.TEXT, "me")).toEqual([
      { uid: 1, hotkey: "b", endpoint: "h:2", rank: 60_000 },
      { uid: 0, hotkey: "a", endpoint: "h:1", rank: 100 },
    ]);
  });
});
