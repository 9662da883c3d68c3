// A real miner (ONNX model, registered on a real ledger) under hostile Forward calls over gRPC: requests
// shaped like real ones or drawn from the whole schema, mutated on the wire, with honest or spoiled
// authentication. Each answer is a served response (whose successes a validator can read) or a refusal
// with a return code; after every case the axon still answers GetAxonInfo, and an honest call still works.
import { create, fromBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { expect } from "vitest";
import { createLedgerClient } from "../../../apps/neuron/src/ledger-client";
import { type RunningMiner, runMiner } from "../../../apps/neuron/src/miner/run-miner";
import { loadOnnxByteModel } from "../../../apps/neuron/src/models";
import { ledgerSubmitter } from "../../../apps/neuron/src/runtime/submitter";
import { devHotkey } from "../../../src/shared/devnet";
import {
  DType,
  ForwardRequestSchema,
  ForwardResponseSchema,
  ReturnCode,
  Synapse,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { silentLogger } from "../../../src/shared/log";
import { readCausalLmResponse } from "../../../src/shared/neuron/causal-lm";
import { startTestNode, type TestNode, testGenesis } from "../../integration/ledger/helpers";
import { expectTyped, isProtocolRefusal, Tally } from "../answers";
import { AXON_INFO_PATH, buildForwardCall, type ForwardParties, forwardCaseArb } from "../forward";
import { type FuzzSuite, tallyOf } from "../suite";
import { GrpcRaw } from "../transport";

const miner = devHotkey(500);
const caller = devHotkey(501);

interface Ctx {
  tally: Map<string, Tally>;
  node: TestNode;
  running: RunningMiner;
  grpc: GrpcRaw;
  parties: ForwardParties;
}

async function setup(): Promise<Ctx> {
  const g = testGenesis();
  (g.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/500", coldkey: "dev:charlie", stake: "0" },
    { hotkey: "dev:hotkey/501", coldkey: "dev:dave", stake: "1000000000000" },
  ];
  const node = await startTestNode(g, { blockTimeMs: 100 });
  const ledger = createLedgerClient(node.gateway.httpUrl);
  const running = await runMiner({
    ledger,
    submit: ledgerSubmitter(ledger),
    netuid: 1,
    hotkey: miner,
    model: await loadOnnxByteModel("mlp-c4-h64"),
    modelName: "mlp-c4-h64",
    mode: "honest",
    log: silentLogger,
  });
  const parties = { registered: caller, stranger: devHotkey(503), self: miner.ss58, other: caller.ss58 };
  return {
    tally: new Map(),
    node,
    running,
    grpc: new GrpcRaw(`http://127.0.0.1:${running.axon.port}`),
    parties,
  };
}

async function teardown(ctx: Ctx): Promise<void> {
  // Still serving after everything: an honest request is answered with top-k log-probabilities.
  const request = create(ForwardRequestSchema, {
    synapse: Synapse.TEXT_CAUSAL_LM,
    netuid: 1,
    inputs: { dtype: DType.UINT8, shape: [1, 4], data: Uint8Array.of(104, 101, 108, 108) },
    topK: 8,
  });
  const { call } = buildForwardCall(
    {
      request,
      mutations: [],
      caller: "registered",
      target: "self",
      nonce: "fresh",
      signature: "honest",
      signatureAt: 0,
      dropHeader: "none",
    },
    ctx.parties,
  );
  const answer = await ctx.grpc.call(call);
  ctx.grpc.close();
  await ctx.running.stop();
  await ctx.node.close();
  expect(answer.ok, JSON.stringify({ ...answer, body: undefined })).toBe(true);
  expect(fromBinary(ForwardResponseSchema, answer.body!).code).toBe(ReturnCode.SUCCESS);
}

export const minerSuite: FuzzSuite<Ctx> = {
  name: "miner",
  setup,
  teardown,
  properties: [
    {
      name: "Forward on a real miner: served or refused with a return code, and the axon stays up",
      runs: 250,
      make: (ctx) =>
        fc.asyncProperty(forwardCaseArb, async (c) => {
          const t = tallyOf(ctx, "Forward", () => new Tally());
          const { call, honest } = buildForwardCall(c, ctx.parties);
          const answer = await ctx.grpc.call(call);
          t.add(answer);
          expectTyped(answer, "miner Forward");
          if (answer.ok) {
            const response = fromBinary(ForwardResponseSchema, answer.body!);
            expect(response.code, "a served answer carries its own return code").not.toBe(
              ReturnCode.UNSPECIFIED,
            );
            if (response.code === ReturnCode.SUCCESS) {
              const [batch, seq] = fromBinary(ForwardRequestSchema, call.body).inputs!.shape;
              expect(readCausalLmResponse(response, batch, seq)).toHaveLength(batch * seq);
            }
          } else {
            const named = answer.returnCode !== undefined || isProtocolRefusal(answer);
            expect(named, `a refusal without nm-return-code: ${answer.message}`).toBe(true);
          }
          if (honest && c.mutations.length === 0) {
            expect(answer.returnCode, answer.message).not.toBe("UNAUTHENTICATED");
          }
          const info = await ctx.grpc.call({ path: AXON_INFO_PATH, body: new Uint8Array() });
          expect(info.ok, "the axon stopped answering").toBe(true);
        }),
    },
  ],
};
