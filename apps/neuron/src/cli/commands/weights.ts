// `neuralmesh weights set`: a validator's weight row, signed by its hotkey (free, rate-limited; SPEC §3.2).
import { calls } from "../../../../../src/shared/extrinsics";
import { ledgerCall, submitCall, weightsToU16 } from "../../ledger-client";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineGroup } from "../framework/types";
import {
  GATEWAY_OPTIONS,
  KEY_OPTIONS,
  ledgerClient,
  parseNetuid,
  signingHotkey,
  submissionFields,
  submissionLines,
  submitOptions,
  withCliErrors,
} from "./wallet";

function list(flag: string, text: string, parse: (item: string) => number): number[] {
  const items = text.split(",").map((item) => item.trim());
  return items.map((item) => {
    const value = item === "" ? Number.NaN : parse(item);
    if (Number.isNaN(value)) throw new UsageError(`--${flag}: ${JSON.stringify(item)} is not a number`);
    return value;
  });
}

const set = defineCommand({
  name: "set",
  summary: "set the hotkey's weights on a subnet (normalized, max-upscaled to u16)",
  description:
    "Weights are relative: they are divided by the largest and scaled to 0..65535, and uids whose weight\n" +
    "rounds to 0 are left out. Signed by the hotkey (the wallet's --hotkey file, or --mnemonic for the\n" +
    "hotkey's mnemonic); set_weights pays no fee. The version key defaults to the subnet's.",
  options: {
    ...GATEWAY_OPTIONS,
    ...KEY_OPTIONS,
    wait: { type: "boolean", description: "wait until the extrinsic is in a block (default)" },
    "no-wait": { type: "boolean", description: "return once the node accepted the extrinsic" },
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet" },
    uids: {
      type: "string",
      required: true,
      valueName: "list",
      description: "comma-separated uids, e.g. 0,1,2",
    },
    weights: {
      type: "string",
      required: true,
      valueName: "list",
      description: "comma-separated weights, e.g. 0.5,0.3,0.2",
    },
    "version-key": {
      type: "string",
      valueName: "n",
      description: "weights version key (default: the subnet's)",
    },
  },
  examples: ["neuralmesh weights set --netuid 1 --uids 0,1,2 --weights 0.5,0.3,0.2 --wallet v --hotkey v1"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const uids = list("uids", values.uids, (s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
      const weights = list("weights", values.weights, (s) =>
        /^[\d.eE+-]+$/.test(s) ? Number(s) : Number.NaN,
      );
      let row: ReturnType<typeof weightsToU16>;
      try {
        row = weightsToU16(uids, weights);
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(`--weights: ${error.message}`);
        throw error;
      }
      const versionText = values["version-key"];
      if (versionText !== undefined && !/^\d{1,20}$/.test(versionText)) {
        throw new UsageError(`--version-key: ${JSON.stringify(versionText)} is not a whole number`);
      }
      const options = submitOptions({ ...values, tip: undefined });
      const client = ledgerClient(values, io);
      const hotkey = await signingHotkey(values, io);
      const versionKey =
        versionText === undefined
          ? ((await ledgerCall(() => client.getSubnet({ netuid }))).hyperparameters?.weightsVersionKey ?? 0n)
          : BigInt(versionText);
      const call = calls.setWeights(netuid, row.uids, row.weights, versionKey);
      const result = await submitCall(client, hotkey, call, options);
      if (values.json) {
        return printJson(io, {
          netuid,
          hotkey: hotkey.ss58,
          uids: row.uids,
          weights: row.weights,
          versionKey,
          ...submissionFields(result),
        });
      }
      printFields(io, [
        ["netuid", String(netuid)],
        ["hotkey", hotkey.ss58],
        ["uids", row.uids.join(",")],
        ["weights", row.weights.join(",") + " (u16)"],
        ...submissionLines(result),
      ]);
    }),
});

export default defineGroup({
  name: "weights",
  summary: "set a validator hotkey's weights on a subnet",
  commands: [set],
});
