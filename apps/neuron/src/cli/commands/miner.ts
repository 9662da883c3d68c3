// `neuralmesh miner`: serve a model on an axon (SPEC §5), registered and announced on the ledger.
import { createLogger } from "../../../../../src/shared/log";
import { MINER_MODES, type MinerMode } from "../../miner/answers";
import { AXON_LIMIT_FLAGS, type AxonLimits, DEFAULT_AXON_LIMITS } from "../../miner/axon-limits";
import { runMiner } from "../../miner/run-miner";
import { LADDER, loadOnnxByteModel } from "../../models";
import { ledgerSubmitter } from "../../runtime/submitter";
import { waitForStopSignal } from "../../runtime/wait-for-signal";
import { UsageError } from "../framework/errors";
import { printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { NEURON_KEY_OPTIONS, neuronColdkey, neuronHotkey } from "./neuron-keys";
import { GATEWAY_OPTIONS, ledgerClient, parseNetuid, withCliErrors } from "./wallet";

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n > 65535)
    throw new UsageError(`--port: ${JSON.stringify(text)} is not a port`);
  return n;
}

/** The axon limits given as flags; each is an integer within its bounds. */
function parseAxonLimits(values: object): Partial<AxonLimits> {
  const out: Partial<AxonLimits> = {};
  for (const [key, f] of Object.entries(AXON_LIMIT_FLAGS) as [
    keyof AxonLimits,
    (typeof AXON_LIMIT_FLAGS)[keyof AxonLimits],
  ][]) {
    const raw = (values as Record<string, string | undefined>)[f.flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < f.min || n > f.max) {
      throw new UsageError(
        `--${f.flag}: an integer between ${f.min} and ${f.max}, got ${JSON.stringify(raw)}`,
      );
    }
    out[key] = n;
  }
  return out;
}

const serve = defineCommand({
  name: "miner",
  summary: "run a server neuron: serve a model on NeuronService.Forward (gRPC) until Ctrl-C",
  description:
    "Loads the model, registers the hotkey when it is not registered yet (with --register, paid by the\n" +
    "coldkey), starts the axon, announces it with serve_axon and answers TEXT_CAUSAL_LM requests from\n" +
    "callers registered on the subnet. --mode selects adversarial behaviour for tests and demos.",
  options: {
    ...GATEWAY_OPTIONS,
    ...NEURON_KEY_OPTIONS,
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet to serve" },
    model: {
      type: "string",
      valueName: "name",
      description: `a committed model: ${LADDER.map((r) => r.name).join(", ")}`,
    },
    mode: { type: "string", choices: MINER_MODES, default: "honest", description: "what to answer" },
    host: { type: "string", valueName: "addr", description: "interface to listen on (default 127.0.0.1)" },
    port: { type: "string", valueName: "n", description: "axon port (default: a free one)" },
    announce: {
      type: "string",
      valueName: "host:port",
      description: "endpoint to announce (default host:port)",
    },
    register: { type: "boolean", description: "pay the burn to register the hotkey if needed" },
    "max-message-bytes": {
      type: "string",
      valueName: "n",
      description: `largest Forward request; larger ones get MessageTooLarge (default ${DEFAULT_AXON_LIMITS.maxMessageBytes})`,
    },
    "max-conns-per-peer": {
      type: "string",
      valueName: "n",
      description: `connections open at once per caller address; more are closed on arrival (default ${DEFAULT_AXON_LIMITS.maxConnectionsPerPeer})`,
    },
    "max-calls-per-peer": {
      type: "string",
      valueName: "n",
      description: `Forward calls in flight per caller address; more get TooManyCalls (default ${DEFAULT_AXON_LIMITS.maxCallsPerPeer})`,
    },
    "idle-timeout": {
      type: "string",
      valueName: "ms",
      description: `close a connection with no call open for this long (default ${DEFAULT_AXON_LIMITS.idleTimeoutMs})`,
    },
  },
  examples: [
    "neuralmesh miner --netuid 1 --model mlp-c8-h128 --wallet m --hotkey m1 --register --password-file pw",
    "neuralmesh miner --netuid 1 --dev-hotkey 5 --mode uniform",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const mode = values.mode as MinerMode;
      if (mode === "honest" && !values.model) throw new UsageError("--model is required for an honest miner");
      if (values.model && !LADDER.some((r) => r.name === values.model)) {
        throw new UsageError(`--model: unknown model ${values.model}`);
      }
      const port = parsePort(values.port);
      const axonLimits = parseAxonLimits(values);
      const ledger = ledgerClient(values, io);
      const hotkey = await neuronHotkey(values, io);
      const coldkey = await neuronColdkey(values, io, values.register);
      const log = createLogger({ neuron: "miner", hotkey: hotkey.ss58 });
      const model = mode === "honest" && values.model ? await loadOnnxByteModel(values.model) : undefined;
      const miner = await runMiner({
        ledger,
        submit: ledgerSubmitter(ledger),
        netuid,
        hotkey,
        coldkey,
        model,
        modelName: values.model ?? mode,
        mode,
        host: values.host,
        port,
        announce: values.announce,
        log,
        axonLimits,
      });
      const info = { netuid, uid: miner.uid, hotkey: hotkey.ss58, endpoint: miner.axon.url, mode };
      if (values.json) printJson(io, info);
      else io.out(`serving uid ${miner.uid} of netuid ${netuid} at ${miner.axon.url} (${mode})\n`);
      await waitForStopSignal();
      await miner.stop();
    }),
});

export default defineVerb(serve);
