// `neuralmesh client`: learn from the network (SPEC §5) — distil the subnet's best servers into a small model.
import { createLogger } from "../../../../../src/shared/log";
import { runClient } from "../../client/run-client";
import { UsageError } from "../framework/errors";
import { printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { NEURON_KEY_OPTIONS, neuronHotkey } from "./neuron-keys";
import { GATEWAY_OPTIONS, ledgerClient, parseNetuid, withCliErrors } from "./wallet";

function count(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new UsageError(`--${flag}: an integer in 1..${max}`);
  return n;
}

const client = defineCommand({
  name: "client",
  summary: "distil the subnet's high-ranked servers into a small model and report its held-out loss",
  description:
    "Picks the highest-ranked servers of the subnet's modality, sends them training batches, mixes their\n" +
    "answers weighted by rank and trains a small student on those soft targets; beside it, the same student\n" +
    "trains the same number of steps on the text alone. Prints both held-out losses (nats/byte). The hotkey\n" +
    "must be registered on the subnet: servers answer registered callers only.",
  options: {
    ...GATEWAY_OPTIONS,
    ...NEURON_KEY_OPTIONS,
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet to learn from" },
    steps: { type: "string", valueName: "n", description: "training steps (default 200)" },
    peers: { type: "string", valueName: "n", description: "servers asked per step (default 3)" },
    seed: { type: "string", valueName: "n", description: "sampling and initialisation seed (default 1)" },
  },
  examples: ["neuralmesh client --netuid 1 --dev-hotkey 7 --steps 300"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const steps = count("steps", values.steps, 200, 1_000_000);
      const peers = count("peers", values.peers, 3, 64);
      const seed = count("seed", values.seed, 1, 2 ** 31);
      const ledger = ledgerClient(values, io);
      const hotkey = await neuronHotkey(values, io);
      const log = createLogger({ neuron: "client", hotkey: hotkey.ss58 });
      const report = await runClient({ ledger, netuid, hotkey, steps, peers, seed, log });
      if (values.json) return printJson(io, report);
      io.out(
        `after ${report.steps} steps: distilled ${report.distilledLoss.toFixed(4)} nats/byte, ` +
          `text only ${report.textOnlyLoss.toFixed(4)} nats/byte ` +
          `(${(report.textOnlyLoss - report.distilledLoss).toFixed(4)} better from ${report.peers.length} peers)\n`,
      );
      for (const p of report.peers) {
        io.out(`  uid ${p.uid ?? "?"} ${p.hotkey} answered ${p.answered}/${p.asked}\n`);
      }
    }),
});

export default defineVerb(client);
