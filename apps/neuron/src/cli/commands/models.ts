import { LADDER, readLadderIndex, runModelsTrainCommand } from "../../models";
import { UsageError } from "../framework/errors";
import { printJson } from "../framework/output";
import { defineCommand, defineGroup } from "../framework/types";

const train = defineCommand({
  name: "train",
  summary: "retrain the model ladder from the pinned text, with a progress bar",
  description:
    "Rebuilds apps/neuron/models/*.onnx and their records deterministically (fixed seeds): about 16\n" +
    "minutes on two cores for the whole ladder, 13 of them the transformer. --only picks models\n" +
    "(comma-separated).",
  options: {
    only: { type: "string", valueName: "names", description: "comma-separated model names" },
    out: { type: "string", valueName: "dir", description: "output directory (default apps/neuron/models)" },
  },
  examples: ["neuralmesh models train", "neuralmesh models train --only byte-unigram --out /tmp/models"],
  async run({ values }) {
    const args: string[] = [];
    for (const name of (values.only ?? "").split(",").filter(Boolean)) {
      if (!LADDER.some((r) => r.name === name)) {
        throw new UsageError(`unknown model ${name}; choose from ${LADDER.map((r) => r.name).join(", ")}`);
      }
      args.push("--only", name);
    }
    if (values.out) args.push("--out", values.out);
    const code = await runModelsTrainCommand(args);
    if (code !== 0) throw new Error("models train failed (see above)");
  },
});

const list = defineCommand({
  name: "list",
  summary: "the committed model ladder with held-out losses",
  options: {},
  run({ values, io }) {
    const index = readLadderIndex();
    if (values.json) return printJson(io, index);
    for (const m of index.models) {
      io.out(`${m.name.padEnd(20)} held-out ${m.heldOutLoss.toFixed(4)} nats/byte\n`);
    }
  },
});

export default defineGroup({
  name: "models",
  summary: "the byte language models miners serve",
  commands: [list, train],
});
