// `neuralmesh register`: burned registration of a hotkey on a subnet, paid by the coldkey (SPEC §3.3).
import { Code } from "@connectrpc/connect";
import { calls, formatTokens, quoteFee } from "../../../../../src/shared/extrinsics";
import { getAccount, LedgerCallError, ledgerCall, submitCall } from "../../ledger-client";
import { selectColdkey, selectColdkeyAddress, WalletError } from "../../wallet";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineVerb } from "../framework/types";
import { targetHotkey } from "./stake";
import {
  KEY_OPTIONS,
  keySelection,
  ledgerClient,
  parseAmount,
  parseNetuid,
  SUBMIT_OPTIONS,
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
    "wallet's --hotkey file. The burn shown is signed as the call's max_burn: if the burn rises before the\n" +
    "registration is included (an adjustment interval, the owner raising min_burn), the ledger refuses it\n" +
    "with BurnAboveLimit instead of charging more. --max-burn sets another limit (e.g. to allow some rise).",
  options: {
    ...SUBMIT_OPTIONS,
    ...KEY_OPTIONS,
    netuid: { type: "string", required: true, valueName: "n", description: "the subnet to register on" },
    "hotkey-ss58": {
      type: "string",
      valueName: "ss58",
      description: "the hotkey to register (default: --hotkey)",
    },
    "max-burn": {
      type: "string",
      valueName: "tokens",
      description: "the most to burn (default: the burn shown); a higher burn at inclusion is refused",
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
      const maxBurnFlag =
        values["max-burn"] === undefined ? undefined : parseAmount("max-burn", values["max-burn"]);
      const client = ledgerClient(values, io);
      const [subnet, chain] = await ledgerCall(() =>
        Promise.all([client.getSubnet({ netuid }), client.getChainInfo({})]),
      );
      // What the signer agrees to: the burn shown, unless --max-burn names another limit.
      const maxBurn = maxBurnFlag ?? subnet.burn;
      // The exact fee of the extrinsic about to be signed: it grows with its length (SPEC §3.2).
      // One selection for the quote and the signing: `--mnemonic -` reads stdin once.
      const selection = await keySelection(values, io);
      const signer = selectColdkeyAddress(selection);
      const account = await ledgerCall(() => getAccount(client, signer));
      const fee = quoteFee(chain, {
        call: calls.burnedRegister(netuid, hotkey, maxBurn),
        signer,
        nonce: account.nonce,
        genesisHash: chain.genesisHash,
        tip: options.tip,
      });
      const quote = {
        netuid,
        subnet: subnet.name,
        hotkey,
        burn: subnet.burn,
        maxBurn,
        fee,
        total: subnet.burn + fee,
      };
      const quoteLines: [string, string][] = [
        ["subnet", `${netuid} (${subnet.name})`],
        ["hotkey", hotkey],
        ["burn", formatTokens(subnet.burn)],
        ["fee", formatTokens(fee)],
        ["total", formatTokens(quote.total)],
      ];
      if (maxBurnFlag !== undefined) quoteLines.push(["max burn", formatTokens(maxBurn)]);
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
        for (const [label, value] of quoteLines) io.err(`${label.padEnd(8)}  ${value}\n`);
        if (!(await term.confirm(`Burn ${formatTokens(quote.total)} tokens to register?`))) {
          throw new WalletError("CANCELLED", "not registered; nothing was submitted");
        }
      }
      const coldkey = await selectColdkey(selection);
      const call = calls.burnedRegister(netuid, hotkey, maxBurn);
      const result = await submitCall(client, coldkey, call, options);
      // The burn can have moved since the quote, within maxBurn: report what was charged.
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
