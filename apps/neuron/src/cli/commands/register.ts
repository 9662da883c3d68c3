// `neuralmesh register`: burned registration of a hotkey on a subnet, paid by the coldkey (SPEC §3.3).
import { Code } from "@connectrpc/connect";
import { calls, formatTokens } from "../../../../../src/shared/extrinsics";
import { LedgerCallError, ledgerCall, submitCall } from "../../ledger-client";
import { WalletError } from "../../wallet";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { targetHotkey } from "./stake";
import {
  KEY_OPTIONS,
  ledgerClient,
  parseNetuid,
  SUBMIT_OPTIONS,
  signingColdkey,
  submissionFields,
  submissionLines,
  submitOptions,
  terminal,
  withCliErrors,
} from "./wallet";

const register = defineCommand({
  name: "register",
  summary: "register a hotkey on a subnet by burning the current registration cost",
  description:
    "Shows the exact current burn (from the ledger) and the fee, then asks y/N on a terminal. Without a\n" +
    "terminal it refuses unless --yes is given. The coldkey pays; the hotkey is --hotkey-ss58, else the\n" +
    "wallet's --hotkey file. The burn can move at an adjustment interval: the ledger charges the burn of\n" +
    "the block that includes the registration.",
  options: {
    ...SUBMIT_OPTIONS,
    ...KEY_OPTIONS,
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet to register on" },
    "hotkey-ss58": {
      type: "string",
      valueName: "ss58",
      description: "the hotkey to register (default: --hotkey)",
    },
    yes: { type: "boolean", short: "y", description: "do not ask; pay the burn shown" },
  },
  examples: [
    "neuralmesh register --netuid 1 --wallet alice --hotkey miner1",
    "neuralmesh register --netuid 1 --wallet alice --password-file pw.txt --yes --json",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const hotkey = targetHotkey(values, io);
      const options = submitOptions(values);
      const client = ledgerClient(values, io);
      const [subnet, chain] = await ledgerCall(() =>
        Promise.all([client.getSubnet({ netuid }), client.getChainInfo({})]),
      );
      const fee = chain.fee + (options.tip ?? 0n);
      const quote = { netuid, subnet: subnet.name, hotkey, burn: subnet.burn, fee, total: subnet.burn + fee };
      const quoteLines: [string, string][] = [
        ["subnet", `${netuid} (${subnet.name})`],
        ["hotkey", hotkey],
        ["burn", formatTokens(subnet.burn)],
        ["fee", formatTokens(fee)],
        ["total", formatTokens(quote.total)],
      ];
      if (!values.yes) {
        const term = terminal();
        if (!term.interactive) {
          const parts = `burn ${formatTokens(subnet.burn)} + fee ${formatTokens(fee)}`;
          const cost = `${formatTokens(quote.total)} tokens (${parts})`;
          throw new UsageError(
            `registering costs ${cost}; stdin is not a terminal to confirm on, so pass --yes to pay it`,
          );
        }
        // The quote goes to stderr: stdout stays one JSON document with --json.
        for (const [label, value] of quoteLines) io.err(`${label.padEnd(7)}  ${value}\n`);
        if (!(await term.confirm(`Burn ${formatTokens(quote.total)} tokens to register?`))) {
          throw new WalletError("CANCELLED", "not registered; nothing was submitted");
        }
      }
      const coldkey = await signingColdkey(values, io);
      const result = await submitCall(client, coldkey, calls.burnedRegister(netuid, hotkey), options);
      // The burn can have moved since the quote (an adjustment interval ended): report what was charged.
      const event = result.events.find((e) => e.kind === "NeuronRegistered");
      let uid = event?.fields.uid === undefined ? undefined : Number(event.fields.uid);
      const burnPaid = event?.fields.burn === undefined ? undefined : BigInt(event.fields.burn);
      if (result.included && uid === undefined) {
        try {
          const neuron = await ledgerCall(() =>
            client.getNeuron({ netuid, id: { case: "hotkey", value: hotkey } }),
          );
          uid = neuron.uid;
        } catch (error) {
          // Registered but already replaced (a full subnet with short immunity): no uid to report.
          if (!(error instanceof LedgerCallError && error.code === Code.NotFound)) throw error;
        }
      }
      if (values.json) {
        return printJson(io, { ...quote, burnPaid, coldkey: coldkey.ss58, uid, ...submissionFields(result) });
      }
      const lines: [string, string][] = [quoteLines[0], quoteLines[1]];
      if (uid !== undefined) lines.push(["uid", String(uid)]);
      if (burnPaid !== undefined) lines.push(["burned", formatTokens(burnPaid)]);
      printFields(io, [...lines, ...submissionLines(result)]);
    }),
});

export default defineVerb(register);
