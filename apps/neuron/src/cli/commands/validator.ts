// `neuralmesh validator`: score the subnet's servers on held-out text and set weights (SPEC §5).
import { createLogger } from "../../../../../src/shared/log";
import { loadCorpus } from "../../models";
import { ledgerSubmitter } from "../../runtime/submitter";
import { waitForStopSignal } from "../../runtime/wait-for-signal";
import { runValidator } from "../../validator/run-validator";
import { UsageError } from "../framework/errors";
import { printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { NEURON_KEY_OPTIONS, neuronHotkey } from "./neuron-keys";
import { GATEWAY_OPTIONS, ledgerClient, parseNetuid, withCliErrors } from "./wallet";

function positiveInt(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new UsageError(`--${flag}: an integer in 1..${max}`);
  return n;
}

const validator = defineCommand({
  name: "validator",
  summary: "run a validator: query servers, score their loss, set weights, until Ctrl-C",
  description:
    "Samples held-out text (seeded), queries the subnet's servers of the subnet's modality (highest ranked\n" +
    "first, with exploration), scores cross-entropy in nats/byte (no answer, a malformed answer or a loss no\n" +
    "better than uniform scores 0; better ones their margin over uniform to the 4th power), keeps an EMA per\n" +
    "uid and sets weights within the rate limit, at least\n" +
    "once per tempo. --collude-with HOTKEY makes it an adversary that gives all its weight to that server.",
  options: {
    ...GATEWAY_OPTIONS,
    ...NEURON_KEY_OPTIONS,
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet to validate" },
    seed: { type: "string", valueName: "n", description: "sampling seed (default 1)" },
    "step-ms": {
      type: "string",
      valueName: "ms",
      description: "pause between scoring rounds (default 1000)",
    },
    peers: { type: "string", valueName: "n", description: "servers queried per round (default 8)" },
    batch: { type: "string", valueName: "n", description: "text windows per query (default 4)" },
    seq: { type: "string", valueName: "n", description: "bytes per window (default 64)" },
    "collude-with": {
      type: "string",
      valueName: "ss58",
      description: "adversarial: weight only this hotkey",
    },
  },
  examples: [
    "neuralmesh validator --netuid 1 --wallet v --hotkey v1 --password-file pw",
    "neuralmesh validator --netuid 1 --dev-hotkey 6",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const seed = positiveInt("seed", values.seed, 1, 2 ** 31);
      const stepMs = positiveInt("step-ms", values["step-ms"], 1000, 3_600_000);
      const peersPerStep = positiveInt("peers", values.peers, 8, 4096);
      const batch = positiveInt("batch", values.batch, 4, 64);
      const seq = positiveInt("seq", values.seq, 64, 1024);
      const ledger = ledgerClient(values, io);
      const hotkey = await neuronHotkey(values, io);
      const log = createLogger({ neuron: "validator", hotkey: hotkey.ss58 });
      const running = await runValidator({
        ledger,
        submit: ledgerSubmitter(ledger),
        netuid,
        hotkey,
        heldOut: loadCorpus().heldOut,
        seed,
        stepMs,
        batch,
        seq,
        peersPerStep,
        favourite: values["collude-with"],
        log,
      });
      if (values.json) printJson(io, { netuid, hotkey: hotkey.ss58 });
      else io.out(`validating netuid ${netuid} as ${hotkey.ss58}\n`);
      await waitForStopSignal();
      await running.stop();
    }),
});

export default defineVerb(validator);
