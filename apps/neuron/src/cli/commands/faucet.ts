// `neuralmesh faucet`: devnet tokens for an address, from the node's faucet account when it has one enabled.
import { formatTokens } from "../../../../../src/shared/extrinsics";
import { decodeAddress, toHex } from "../../../../../src/shared/keys";
import { ledgerCall } from "../../ledger-client";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import {
  coldkeyAddress,
  GATEWAY_OPTIONS,
  KEY_OPTIONS,
  ledgerClient,
  WALLET_OPTIONS,
  withCliErrors,
} from "./wallet";

const faucet = defineCommand({
  name: "faucet",
  summary: "ask the devnet faucet for tokens (for --address, else the wallet's coldkey)",
  description: "Only nodes with a faucet enabled answer (a devnet); others refuse with FaucetDisabled.",
  options: {
    ...GATEWAY_OPTIONS,
    ...WALLET_OPTIONS,
    mnemonic: KEY_OPTIONS.mnemonic,
    address: { type: "string", valueName: "ss58", description: "the address to fund (default: the coldkey)" },
  },
  examples: ["neuralmesh faucet --wallet alice", "neuralmesh faucet --address 5F...xyz --json"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      if (values.address !== undefined) decodeAddress(values.address);
      const address = values.address ?? (await coldkeyAddress(values, io));
      const client = ledgerClient(values, io);
      const response = await ledgerCall(() => client.requestFaucet({ address }));
      const result = {
        address,
        amount: response.amount,
        hash: response.hash,
        blockNumber: response.blockNumber,
      };
      if (values.json) return printJson(io, result);
      printFields(io, [
        ["address", address],
        ["amount", formatTokens(response.amount)],
        ["extrinsic", toHex(response.hash)],
        ["block", response.blockNumber === 0n ? "pending" : response.blockNumber],
      ]);
    }),
});

export default defineVerb(faucet);
