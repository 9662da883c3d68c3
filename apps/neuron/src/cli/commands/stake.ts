// `neuralmesh stake add|remove|list`: stake is owned by a (coldkey, hotkey) pair (SPEC §3.2).
import { calls, formatTokens, quoteFee } from "../../../../../src/shared/extrinsics";
import { decodeAddress } from "../../../../../src/shared/keys";
import { formatTable, getAccount, ledgerCall, stakedBy, submitCall } from "../../ledger-client";
import { listWallets, selectHotkeyAddress } from "../../wallet";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import { printFields, printJson } from "../framework/output";
import { type Command, defineCommand, defineGroup, type OptionSpecs } from "../framework/types";
import {
  coldkeyAddress,
  GATEWAY_OPTIONS,
  KEY_OPTIONS,
  ledgerClient,
  parseAmount,
  SUBMIT_OPTIONS,
  signingColdkey,
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
      (adding
        ? "--all stakes the whole free balance less the fee."
        : "--all unstakes everything on that hotkey."),
    options: {
      ...SUBMIT_OPTIONS,
      ...KEY_OPTIONS,
      ...HOTKEY_SS58,
      amount: {
        type: "string",
        valueName: "tokens",
        description: `tokens to ${adding ? "stake" : "unstake"}`,
      },
      all: { type: "boolean", description: adding ? "stake the whole free balance" : "unstake all of it" },
    },
    examples: [`neuralmesh stake ${kind} --wallet alice --amount 10 --password-file pw.txt`],
    run: ({ values, io }) =>
      withCliErrors(async () => {
        if (values.all === (values.amount !== undefined))
          throw new UsageError("give exactly one of --amount and --all");
        const hotkey = targetHotkey(values, io);
        const options = submitOptions(values);
        let amount = values.amount === undefined ? undefined : parseAmount("amount", values.amount);
        const client = ledgerClient(values, io);
        const coldkey = await signingColdkey(values, io);
        if (amount === undefined) {
          const [account, chain] = await ledgerCall(() =>
            Promise.all([getAccount(client, coldkey.ss58), client.getChainInfo({})]),
          );
          const onHotkey = account.stakes.find((s) => s.hotkey === hotkey)?.amount ?? 0n;
          // The fee grows with the extrinsic's length, and the amount's varint is part of it: quote it for the
          // whole balance (the longest amount possible), so free - fee is always payable.
          const fee = quoteFee(chain, {
            call: calls.addStake(hotkey, account.free),
            signer: coldkey.ss58,
            nonce: account.nonce,
            genesisHash: chain.genesisHash,
            tip: options.tip,
          });
          const spendable = account.free - fee;
          amount = adding ? (spendable > 0n ? spendable : 0n) : onHotkey;
          if (amount === 0n)
            throw new UsageError(
              adding ? "nothing to stake: the free balance does not cover the fee" : `no stake on ${hotkey}`,
            );
        }
        const call = adding ? calls.addStake(hotkey, amount) : calls.removeStake(hotkey, amount);
        const result = await submitCall(client, coldkey, call, options);
        if (values.json) {
          return printJson(io, { coldkey: coldkey.ss58, hotkey, amount, ...submissionFields(result) });
        }
        printFields(io, [
          ["coldkey", coldkey.ss58],
          ["hotkey", hotkey],
          [adding ? "staked" : "unstaked", formatTokens(amount)],
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
