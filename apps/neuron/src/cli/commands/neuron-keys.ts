// How the long-running neurons pick their keys: a wallet hotkey (like every other command), a mnemonic, or
// on the devnet one of the well-known genesis keys (`--dev-hotkey 3`, `--dev-coldkey charlie`).
import { devHotkey, devKeypair } from "../../../../../src/shared/devnet";
import type { Keypair } from "../../../../../src/shared/keys";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import type { OptionSpecs } from "../framework/types";
import { KEY_OPTIONS, signingColdkey, signingHotkey } from "./wallet";

export const NEURON_KEY_OPTIONS = {
  ...KEY_OPTIONS,
  "dev-hotkey": {
    type: "string",
    valueName: "i",
    description: "devnet only: use the well-known genesis hotkey number i instead of a wallet hotkey",
  },
  "dev-coldkey": {
    type: "string",
    valueName: "name",
    description: "devnet only: pay registration with a well-known dev account (alice, bob, charlie, ...)",
  },
} as const satisfies OptionSpecs;

type NeuronKeyValues = Parameters<typeof signingHotkey>[0] & {
  "dev-hotkey"?: string | undefined;
  "dev-coldkey"?: string | undefined;
};

export async function neuronHotkey(values: NeuronKeyValues, io: Io): Promise<Keypair> {
  const dev = values["dev-hotkey"];
  if (dev !== undefined) {
    if (!/^\d{1,4}$/.test(dev)) throw new UsageError(`--dev-hotkey: ${JSON.stringify(dev)} is not a number`);
    return devHotkey(Number(dev));
  }
  return signingHotkey(values, io);
}

/** The coldkey that pays for registration, when one is given; miners that are registered need none. */
export async function neuronColdkey(
  values: NeuronKeyValues,
  io: Io,
  wanted: boolean,
): Promise<Keypair | undefined> {
  const dev = values["dev-coldkey"];
  if (dev !== undefined) {
    if (!/^[a-z]+$/.test(dev))
      throw new UsageError(`--dev-coldkey: ${JSON.stringify(dev)} is not a dev name`);
    return devKeypair(dev);
  }
  return wanted ? signingColdkey(values, io) : undefined;
}
