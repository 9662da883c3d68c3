// `neuralmesh transfer`: move free balance from the wallet's coldkey to another address.
import { calls, formatTokens } from "../../../../../src/shared/extrinsics";
import { decodeAddress } from "../../../../../src/shared/keys";
import { submitCall } from "../../ledger-client";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import {
  KEY_OPTIONS,
  ledgerClient,
  parseAmount,
  SUBMIT_OPTIONS,
  signingColdkey,
  submissionFields,
  submissionLines,
  submitOptions,
  withCliErrors,
} from "./wallet";

const transfer = defineCommand({
  name: "transfer",
  summary: "send tokens from the wallet's coldkey to an address",
  description:
    "Signed by the coldkey, which pays the flat fee (plus --tip) on top of the amount. By default waits\n" +
    "for the block and reports the ledger's result; a refusal prints the ledger's error name and exits 2.",
  options: {
    ...SUBMIT_OPTIONS,
    ...KEY_OPTIONS,
    dest: { type: "string", required: true, valueName: "ss58", description: "the receiving address" },
    amount: { type: "string", valueName: "tokens", description: "tokens to send (up to 9 decimals)" },
    all: { type: "boolean", description: "send the whole free balance (less the fee)" },
  },
  examples: [
    "neuralmesh transfer --dest 5F...xyz --amount 1.5 --wallet alice --password-file pw.txt",
    "neuralmesh transfer --dest 5F...xyz --all --json",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      if (values.all === (values.amount !== undefined))
        throw new UsageError("give exactly one of --amount and --all");
      decodeAddress(values.dest); // a mistyped address fails here with its KeyError code, before any password
      const amount = values.amount === undefined ? undefined : parseAmount("amount", values.amount);
      const options = submitOptions(values);
      const client = ledgerClient(values, io);
      const coldkey = await signingColdkey(values, io);
      const call =
        amount === undefined ? calls.transferAll(values.dest) : calls.transfer(values.dest, amount);
      const result = await submitCall(client, coldkey, call, options);
      const shown = amount === undefined ? "all" : amount;
      if (values.json)
        return printJson(io, {
          from: coldkey.ss58,
          dest: values.dest,
          amount: shown,
          ...submissionFields(result),
        });
      printFields(io, [
        ["from", coldkey.ss58],
        ["to", values.dest],
        ["amount", amount === undefined ? "all (free balance less the fee)" : formatTokens(amount)],
        ...submissionLines(result),
      ]);
    }),
});

export default defineVerb(transfer);
