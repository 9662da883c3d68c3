// `neuralmesh stake add|remove|list`: stake is owned by a (coldkey, hotkey) pair (SPEC §3.2).
import { calls, formatTokens } from "../../../../../src/shared/extrinsics";
import { decodeAddress } from "../../../../../src/shared/keys";
import { formatTable, getAccount, stakedBy, submitCall } from "../../ledger-client";
import { listWallets, selectColdkey, selectColdkeyAddress, selectHotkeyAddress } from "../../wallet";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import { printFields, printJson } from "../framework/output";
import { type Command, defineCommand, defineGroup, type OptionSpecs } from "../framework/types";
import { tau } from "./amounts";
import { CONFIRM_OPTIONS, confirmCall, quoteCall } from "./confirm";
import {
  coldkeyAddress,
  GATEWAY_OPTIONS,
  KEY_OPTIONS,
  keySelection,
  ledgerClient,
  parseAmount,
  SUBMIT_OPTIONS,
  submissionFields,
  submissionLines,
  submitOptions,
  WALLET_OPTIONS,
  walletRoot,
  withCliErrors,
} from "./wallet";

const HOTKEY_SS58 = {
  "hotkey-ss58": {
    type: "string",
    valueName: "ss58",
    description: "the hotkey to stake on (default: the wallet's --hotkey)",
  },
} as const satisfies OptionSpecs;

/** `--hotkey-ss58`, else the address of the wallet's `--hotkey` file. */
export function targetHotkey(
  values: { "hotkey-ss58"?: string; "wallet-path"?: string; wallet: string; hotkey: string },
  io: Io,
): string {
  const explicit = values["hotkey-ss58"];
  if (explicit !== undefined) {
    decodeAddress(explicit);
    return explicit;
  }
  return selectHotkeyAddress({ root: walletRoot(values, io), wallet: values.wallet, hotkey: values.hotkey });
}

/** Hotkey names of the wallets in the wallet path, to label addresses in tables. */
function hotkeyNames(root: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const wallet of listWallets(root)) {
    for (const h of wallet.hotkeys)
      if (h.ss58 && !names.has(h.ss58)) names.set(h.ss58, `${wallet.name}/${h.name}`);
  }
  return names;
}

function stakeCommand(kind: "add" | "remove"): Command {
  const adding = kind === "add";
  return defineCommand({
    name: kind,
    summary: adding
      ? "stake free balance of the coldkey on a hotkey"
      : "unstake from a hotkey back to the coldkey's free balance",
    description:
      "Signed by the coldkey (fee + --tip). The hotkey is --hotkey-ss58, else the wallet's --hotkey file.\n" +
      "Shows the call (amount, hotkey, exact fee, nonce) and asks y/N on a terminal; without a terminal it\n" +
      "refuses unless --yes.\n" +
      (adding
        ? "--all stakes the whole free balance less the fee."
        : "--all unstakes everything on that hotkey."),
    options: {
      ...SUBMIT_OPTIONS,
      ...KEY_OPTIONS,
      ...HOTKEY_SS58,
      ...CONFIRM_OPTIONS,
      amount: {
        type: "string",
        valueName: "tokens",
        description: `tokens to ${adding ? "stake" : "unstake"}`,
      },
      all: { type: "boolean", description: adding ? "stake the whole free balance" : "unstake all of it" },
    },
    examples: [
      `neuralmesh stake ${kind} --wallet alice --amount 10`,
      `neuralmesh stake ${kind} --wallet alice --all --yes --password-file pw.txt --json`,
    ],
    run: ({ values, io }) =>
      withCliErrors(async () => {
        if (values.all === (values.amount !== undefined))
          throw new UsageError("give exactly one of --amount and --all");
        const hotkey = targetHotkey(values, io);
        const options = submitOptions(values);
        let amount = values.amount === undefined ? undefined : parseAmount("amount", values.amount);
        const client = ledgerClient(values, io);
        // Quote and ask before the password: a "no" never unlocks the coldkey.
        // One selection for the quote and the signing: `--mnemonic -` reads stdin once.
        const selection = await keySelection(values, io);
        const signer = selectColdkeyAddress(selection);
        const account = await getAccount(client, signer);
        if (amount === undefined) {
          const onHotkey = account.stakes.find((s) => s.hotkey === hotkey)?.amount ?? 0n;
          // The fee grows with the extrinsic's length, and the amount's varint is part of it: quote it for the
          // whole balance (the longest amount possible), so free - fee is always payable.
          const fee = await quoteCall(
            client,
            signer,
            account.nonce,
            calls.addStake(hotkey, account.free),
            options,
          );
          const spendable = account.free - fee;
          amount = adding ? (spendable > 0n ? spendable : 0n) : onHotkey;
          if (amount === 0n)
            throw new UsageError(
              adding ? "nothing to stake: the free balance does not cover the fee" : `no stake on ${hotkey}`,
            );
        }
        const call = adding ? calls.addStake(hotkey, amount) : calls.removeStake(hotkey, amount);
        const fee = await quoteCall(client, signer, account.nonce, call, options);
        await confirmCall(values.yes, io, {
          lines: [
            ["call", adding ? "add_stake" : "remove_stake"],
            ["coldkey", signer],
            ["hotkey", hotkey],
            ["amount", tau(amount)],
            ["fee", tau(fee)],
            ["nonce", String(account.nonce)],
          ],
          question: `${adding ? "Stake" : "Unstake"} ${tau(amount)} ${adding ? "on" : "from"} ${hotkey}?`,
          action: `${adding ? "staking" : "unstaking"} ${tau(amount)} ${adding ? "on" : "from"} ${hotkey} costs a fee of ${tau(fee)}`,
        });
        const coldkey = await selectColdkey(selection);
        // The nonce shown is the nonce signed.
        const result = await submitCall(client, coldkey, call, { ...options, nonce: account.nonce });
        if (values.json) {
          return printJson(io, { coldkey: coldkey.ss58, hotkey, amount, ...submissionFields(result) });
        }
        printFields(io, [
          ["coldkey", coldkey.ss58],
          ["hotkey", hotkey],
          [adding ? "staked" : "unstaked", tau(amount)],
          ...submissionLines(result),
        ]);
      }),
  });
}

const list = defineCommand({
  name: "list",
  summary: "the coldkey's stakes, per hotkey",
  options: { ...GATEWAY_OPTIONS, ...WALLET_OPTIONS, mnemonic: KEY_OPTIONS.mnemonic },
  examples: ["neuralmesh stake list --wallet alice --json"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const client = ledgerClient(values, io);
      const coldkey = await coldkeyAddress(values, io);
      const account = await getAccount(client, coldkey);
      const names = hotkeyNames(walletRoot(values, io));
      const stakes = account.stakes.map((s) => ({
        hotkey: s.hotkey,
        hotkeyName: names.get(s.hotkey),
        amount: s.amount,
      }));
      const total = stakedBy(account);
      if (values.json) return printJson(io, { coldkey, stakes, total });
      io.out(`coldkey ${coldkey}\n`);
      if (stakes.length === 0) return io.out("no stake\n");
      const rows = stakes.map((s) => [s.hotkey, s.hotkeyName ?? "", formatTokens(s.amount)]);
      rows.push(["total", "", formatTokens(total)]);
      io.out(formatTable(["HOTKEY", "NAME", "STAKE"], rows));
    }),
});

export default defineGroup({
  name: "stake",
  summary: "add, remove and list stake of the wallet's coldkey on hotkeys",
  commands: [stakeCommand("add"), stakeCommand("remove"), list],
});
