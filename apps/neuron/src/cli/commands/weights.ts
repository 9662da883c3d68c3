// `neuralmesh weights set|commit|reveal`: a validator's weight row, signed by its hotkey (free, rate-limited;
// SPEC §3.2); commit and reveal for subnets with commit-reveal enabled (docs/consensus.md).
import {
  commitHash,
  MAX_SALT_BYTES,
  MIN_SALT_BYTES,
  randomSalt,
} from "../../../../../src/shared/consensus/commit-reveal";
import { calls } from "../../../../../src/shared/extrinsics";
import { ledgerCall, type SubmitResult, submitCall, weightsToU16 } from "../../ledger-client";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
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

/** What `weights set` and `weights reveal` print once the row is submitted (the same shape for both). */
function printWeightsResult(
  io: Io,
  json: boolean,
  r: {
    netuid: number;
    hotkey: string;
    row: { uids: number[]; weights: number[] };
    versionKey: bigint;
    result: SubmitResult;
  },
): void {
  if (json) {
    printJson(io, {
      netuid: r.netuid,
      hotkey: r.hotkey,
      uids: r.row.uids,
      weights: r.row.weights,
      versionKey: r.versionKey,
      ...submissionFields(r.result),
    });
    return;
  }
  printFields(io, [
    ["netuid", String(r.netuid)],
    ["hotkey", r.hotkey],
    ["uids", r.row.uids.join(",")],
    ["weights", r.row.weights.join(",") + " (u16)"],
    ...submissionLines(r.result),
  ]);
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
      const { row, versionText } = rowOf(values);
      const options = submitOptions({ ...values, tip: undefined });
      const client = ledgerClient(values, io);
      const hotkey = await signingHotkey(values, io);
      const versionKey = await versionKeyOf(versionText, client, netuid);
      const call = calls.setWeights(netuid, row.uids, row.weights, versionKey);
      const result = await submitCall(client, hotkey, call, options);
      printWeightsResult(io, values.json === true, { netuid, hotkey: hotkey.ss58, row, versionKey, result });
    }),
});

const ROW_OPTIONS = {
  ...GATEWAY_OPTIONS,
  ...KEY_OPTIONS,
  wait: { type: "boolean", description: "wait until the extrinsic is in a block (default)" },
  "no-wait": { type: "boolean", description: "return once the node accepted the extrinsic" },
  netuid: { type: "string", required: true, valueName: "n", description: "the subnet" },
  uids: { type: "string", required: true, valueName: "list", description: "comma-separated uids" },
  weights: {
    type: "string",
    required: true,
    valueName: "list",
    description: "comma-separated weights (relative, or the u16 values `weights commit` printed)",
  },
  "version-key": {
    type: "string",
    valueName: "n",
    description: "weights version key (default: the subnet's)",
  },
} as const;

/**
 * The u16 row from --uids/--weights, and --version-key checked but not yet looked up (versionKeyOf), so
 * `weights set` can refuse a bad row before it reaches for the hotkey or the gateway.
 */
function rowOf(values: { uids: string; weights: string; "version-key"?: string }) {
  const uids = list("uids", values.uids, (s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
  const weights = list("weights", values.weights, (s) => (/^[\d.eE+-]+$/.test(s) ? Number(s) : Number.NaN));
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
  return { row, versionText };
}

/** The version key rowOf checked, or the subnet's where --version-key was not given. */
async function versionKeyOf(
  versionText: string | undefined,
  client: ReturnType<typeof ledgerClient>,
  netuid: number,
): Promise<bigint> {
  return versionText === undefined
    ? ((await ledgerCall(() => client.getSubnet({ netuid }))).hyperparameters?.weightsVersionKey ?? 0n)
    : BigInt(versionText);
}

/** 0x-hex, as bytes appear in every command's JSON. */
const toHex = (b: Uint8Array) => `0x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;

function parseSalt(text: string): Uint8Array {
  const hex = text.startsWith("0x") ? text.slice(2) : text;
  if (
    !/^([0-9a-fA-F]{2})+$/.test(hex) ||
    hex.length / 2 < MIN_SALT_BYTES ||
    hex.length / 2 > MAX_SALT_BYTES
  ) {
    throw new UsageError(`--salt: expected ${MIN_SALT_BYTES} to ${MAX_SALT_BYTES} bytes of hex`);
  }
  return Uint8Array.from(hex.match(/../g)!, (h) => Number.parseInt(h, 16));
}

const commit = defineCommand({
  name: "commit",
  summary: "commit a hash of the hotkey's weights (subnets with commit-reveal)",
  description:
    "Hashes the u16 row (as `weights set` computes it), a salt (random unless --salt) and the version key,\n" +
    "and submits commit_weights. Prints the salt, the hash, the u16 weights and the reveal window: keep them,\n" +
    "`weights reveal` needs the same uids, weights, salt and version key within that window.",
  options: {
    ...ROW_OPTIONS,
    salt: { type: "string", valueName: "hex", description: "16-64 bytes of hex (default: 32 random bytes)" },
  },
  examples: [
    "neuralmesh weights commit --netuid 1 --uids 0,1 --weights 0.7,0.3 --wallet v --hotkey v1 --json",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const options = submitOptions({ ...values, tip: undefined });
      const client = ledgerClient(values, io);
      const salt = values.salt === undefined ? randomSalt() : parseSalt(values.salt);
      const { row, versionText } = rowOf(values);
      const versionKey = await versionKeyOf(versionText, client, netuid);
      const hotkey = await signingHotkey(values, io);
      const hash = commitHash({ hotkey: hotkey.publicKey, netuid, ...row, salt, versionKey });
      const result = await submitCall(client, hotkey, calls.commitWeights(netuid, hash), options);
      const pending = result.included
        ? (await ledgerCall(() => client.getWeightCommits({ netuid, hotkey: hotkey.ss58 }))).commits.find(
            (c) => toHex(c.commitHash) === toHex(hash),
          )
        : undefined;
      const fields = {
        netuid,
        hotkey: hotkey.ss58,
        uids: row.uids,
        weights: row.weights,
        versionKey,
        salt: toHex(salt),
        commitHash: toHex(hash),
        firstRevealBlock: pending?.firstRevealBlock,
        lastRevealBlock: pending?.lastRevealBlock,
      };
      if (values.json) return printJson(io, { ...fields, ...submissionFields(result) });
      printFields(io, [
        ["netuid", String(netuid)],
        ["hotkey", hotkey.ss58],
        ["uids", row.uids.join(",")],
        ["weights", row.weights.join(",") + " (u16)"],
        ["version key", String(versionKey)],
        ["salt", fields.salt],
        ["commit hash", fields.commitHash],
        ...(pending
          ? [
              ["reveal in blocks", `${pending.firstRevealBlock}..${pending.lastRevealBlock}`] as [
                string,
                string,
              ],
            ]
          : []),
        ...submissionLines(result),
      ]);
    }),
});

const reveal = defineCommand({
  name: "reveal",
  summary: "reveal weights committed with `weights commit`, within the commit's window",
  description:
    "Submits reveal_weights with the uids, weights (the u16 values commit printed, or the same relative\n" +
    "weights), salt and version key of a commit. Refused RevealTooEarly before the window, RevealExpired after.",
  options: {
    ...ROW_OPTIONS,
    salt: { type: "string", required: true, valueName: "hex", description: "the salt commit printed" },
  },
  examples: [
    "neuralmesh weights reveal --netuid 1 --uids 0,1 --weights 65535,28086 --salt 0x… --wallet v --hotkey v1",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const salt = parseSalt(String(values.salt));
      const options = submitOptions({ ...values, tip: undefined });
      const client = ledgerClient(values, io);
      const { row, versionText } = rowOf(values);
      const versionKey = await versionKeyOf(versionText, client, netuid);
      const hotkey = await signingHotkey(values, io);
      const call = calls.revealWeights(netuid, row.uids, row.weights, salt, versionKey);
      const result = await submitCall(client, hotkey, call, options);
      printWeightsResult(io, values.json === true, { netuid, hotkey: hotkey.ss58, row, versionKey, result });
    }),
});

export default defineGroup({
  name: "weights",
  summary: "set, commit or reveal a validator hotkey's weights on a subnet",
  commands: [set, commit, reveal],
});
