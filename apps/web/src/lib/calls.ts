// Human-readable decoding of a Call (the oneof in the ledger proto): its name as in SPEC §3.2 and its
// arguments as label/value pairs.

import { formatTokens } from "../../../../src/shared/extrinsics/amount";
import type { Call } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export interface CallArg {
  name: string;
  value: string;
  /** How to show the value: an address links to its account, an amount is in tokens. */
  kind: "address" | "amount" | "text";
  /** The amount in rao, for kind "amount": shown with formatAmount like every amount. */
  rao?: bigint;
}

export interface DescribedCall {
  name: string;
  args: CallArg[];
}

const MODALITIES = ["unspecified", "text", "image", "audio", "tensor"];

const addr = (name: string, value: string): CallArg => ({ name, value, kind: "address" });
const amount = (name: string, value: bigint): CallArg => ({
  name,
  value: `${formatTokens(value)}`,
  kind: "amount",
  rao: value,
});
const text = (name: string, value: string | number | bigint | boolean): CallArg => ({
  name,
  value: String(value),
  kind: "text",
});

const hex = (bytes: Uint8Array) => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;

export function describeCall(call: Call | undefined): DescribedCall {
  const c = call?.call;
  switch (c?.case) {
    case "transfer":
      return { name: "transfer", args: [addr("dest", c.value.dest), amount("amount", c.value.amount)] };
    case "transferAll":
      return { name: "transfer_all", args: [addr("dest", c.value.dest)] };
    case "addStake":
      return { name: "add_stake", args: [addr("hotkey", c.value.hotkey), amount("amount", c.value.amount)] };
    case "removeStake":
      return {
        name: "remove_stake",
        args: [addr("hotkey", c.value.hotkey), amount("amount", c.value.amount)],
      };
    case "burnedRegister":
      return {
        name: "burned_register",
        args: [
          text("netuid", c.value.netuid),
          addr("hotkey", c.value.hotkey),
          // The signer's limit; absent only on calls from before it existed (the ledger refuses those).
          c.value.maxBurn === undefined ? text("max_burn", "none") : amount("max_burn", c.value.maxBurn),
        ],
      };
    case "serveAxon":
      return {
        name: "serve_axon",
        args: [
          text("netuid", c.value.netuid),
          text("endpoint", c.value.endpoint),
          text("modality", MODALITIES[c.value.modality] ?? c.value.modality),
          text("protocol", c.value.protocol),
          text("version", c.value.version),
        ],
      };
    case "setWeights": {
      const pairs = c.value.uids.map((u, i) => `${u}:${c.value.weights[i] ?? 0}`);
      return {
        name: "set_weights",
        args: [
          text("netuid", c.value.netuid),
          text("uids", pairs.length),
          // uid:u16 pairs; lists cut them short, the extrinsic page shows them all.
          text("weights", pairs.join(" ")),
          text("version_key", c.value.versionKey),
        ],
      };
    }
    case "registerSubnet":
      return {
        name: "register_subnet",
        args: [
          text("modality", MODALITIES[c.value.modality] ?? c.value.modality),
          text("name", c.value.name),
        ],
      };
    case "setHyperparameter":
      return {
        name: "set_hyperparameter",
        args: [text("netuid", c.value.netuid), text("key", c.value.key), text("value", c.value.value)],
      };
    case "commitWeights":
      return {
        name: "commit_weights",
        args: [text("netuid", c.value.netuid), text("commit_hash", hex(c.value.commitHash))],
      };
    case "revealWeights": {
      const pairs = c.value.uids.map((u, i) => `${u}:${c.value.weights[i] ?? 0}`);
      return {
        name: "reveal_weights",
        args: [
          text("netuid", c.value.netuid),
          text("uids", pairs.length),
          text("weights", pairs.join(" ")),
          text("salt", hex(c.value.salt)),
          text("version_key", c.value.versionKey),
        ],
      };
    }
    default:
      return { name: "unknown", args: [] };
  }
}
