// `neuralmesh transfer`: move free balance from the wallet's coldkey to another address.
import { calls } from "../../../../../src/shared/extrinsics";
import { decodeAddress } from "../../../../../src/shared/keys";
import { getAccount, submitCall } from "../../ledger-client";
import { selectColdkey, selectColdkeyAddress } from "../../wallet";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { tau } from "./amounts";
import { CONFIRM_OPTIONS, confirmCall, quoteCall } from "./confirm";
import {
  KEY_OPTIONS,
  keySelection,
  ledgerClient,
  parseAmount,
  SUBMIT_OPTIONS,
  submissionFields,
  submissionLines,
  submitOptions,
  withCliErrors,
} from "./wallet";

const transfer = defineCommand({
  name: "transfer",
  summary: "send tokens from the wallet's coldkey to an address",
  description:
    "Signed by the coldkey, which pays the fee (plus --tip) on top of the amount. Shows the call (amount,\n" +
    "destination, exact fee, nonce) and asks y/N on a terminal; without a terminal it refuses unless --yes.\n" +
    "By default waits for the block and reports the ledger's result; a refusal prints the ledger's error\n" +
    "name and exits 2.",
  options: {
    ...SUBMIT_OPTIONS,
    ...KEY_OPTIONS,
    ...CONFIRM_OPTIONS,
    dest: { type: "string", required: true, valueName: "ss58", description: "the receiving address" },
    amount: { type: "string", valueName: "tokens", description: "tokens to send (up to 9 decimals)" },
    all: { type: "boolean", description: "send the whole free balance (less the fee)" },
  },
  examples: [
    "neuralmesh transfer --dest 5F...xyz --amount 1.5 --wallet alice --password-file pw.txt",
    "neuralmesh transfer --dest 5F...xyz --all --yes --json --password-file pw.txt",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      if (values.all === (values.amount !== undefined))
        throw new UsageError("give exactly one of --amount and --all");
      decodeAddress(values.dest); // a mistyped address fails here with its KeyError code, before any password
      const amount = values.amount === undefined ? undefined : parseAmount("amount", values.amount);
      const options = submitOptions(values);
      const client = ledgerClient(values, io);
      const call =
        amount === undefined ? calls.transferAll(values.dest) : calls.transfer(values.dest, amount);
      // Quote and ask before the password: a "no" never unlocks the coldkey.
      // One selection for the quote and the signing: `--mnemonic -` reads stdin once.
      const selection = await keySelection(values, io);
      const from = selectColdkeyAddress(selection);
      const { nonce, free } = await getAccount(client, from);
      const fee = await quoteCall(client, from, nonce, call, options);
      const shownAmount =
        amount === undefined
          ? `all: ${tau(free > fee ? free - fee : 0n)} (free balance less the fee)`
          : tau(amount);
      await confirmCall(values.yes, io, {
        lines: [
          ["call", amount === undefined ? "transfer_all" : "transfer"],
          ["from", from],
          ["to", values.dest],
          ["amount", shownAmount],
          ["fee", tau(fee)],
          ["nonce", String(nonce)],
        ],
        question: `Send ${amount === undefined ? "the whole free balance" : tau(amount)} to ${values.dest}?`,
        action: `sending ${amount === undefined ? "the whole free balance" : tau(amount)} to ${values.dest} costs a fee of ${tau(fee)}`,
      });
      const coldkey = await selectColdkey(selection);
      // The nonce shown is the nonce signed.
      const result = await submitCall(client, coldkey, call, { ...options, nonce });
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
        ["amount", amount === undefined ? "all (free balance less the fee)" : tau(amount)],
        ...submissionLines(result),
      ]);
    }),
});

export default defineVerb(transfer);
