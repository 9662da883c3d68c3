// `neuralmesh wallet ...`, plus the glue every ledger verb shares (gateway, wallet and signing options, error
// mapping). Every ledger verb starts from a wallet, so the glue lives here rather than in a file of its own.
import { AmountError, formatTokens, parseTokens } from "../../../../../src/shared/extrinsics";
import type { Event } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { generateMnemonic, type Keypair, toHex } from "../../../../../src/shared/keys";
import {
  checkGatewayUrl,
  createLedgerClient,
  DEFAULT_GATEWAY_URL,
  formatTable,
  formatU16,
  getAccount,
  LedgerCallError,
  type LedgerClient,
  ledgerCall,
  type SubmitOptions,
  type SubmitResult,
  stakedBy,
} from "../../ledger-client";
import {
  askNewPassword,
  askPassword,
  checkCreatable,
  createWallet,
  DEFAULT_HOTKEY,
  DEFAULT_WALLET,
  defaultWalletRoot,
  exportAccountJson,
  importAccountJson,
  type KeySelection,
  listWallets,
  processTerminal,
  readAccountJsonFile,
  readPasswordFile,
  secretFromMnemonic,
  selectColdkey,
  selectColdkeyAddress,
  selectHotkey,
  type Terminal,
  WalletError,
} from "../../wallet";
import { ServiceError, UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineGroup, type OptionSpecs } from "../framework/types";
import { raoToTau } from "./amounts";
import { NEW_KEY_WARNING, SR25519_NOTE } from "./key";

// ---- Shared options ----

export const GATEWAY_OPTIONS = {
  gateway: {
    type: "string",
    valueName: "url",
    description: `the gateway's Connect URL (env NM_GATEWAY; default ${DEFAULT_GATEWAY_URL})`,
  },
} as const satisfies OptionSpecs;

export const WALLET_OPTIONS = {
  "wallet-path": {
    type: "string",
    valueName: "dir",
    description: "directory of wallets (env NM_WALLET_PATH; default ~/.neuralmesh/wallets)",
  },
  wallet: { type: "string", valueName: "name", default: DEFAULT_WALLET, description: "wallet name" },
  hotkey: {
    type: "string",
    valueName: "name",
    default: DEFAULT_HOTKEY,
    description: "hotkey name in the wallet",
  },
} as const satisfies OptionSpecs;

/** Options of commands that unlock a key; `--mnemonic` replaces the keyfile of the key the command uses. */
export const KEY_OPTIONS = {
  ...WALLET_OPTIONS,
  "password-file": {
    type: "string",
    valueName: "file",
    description: "read the wallet password from this file (needed when stdin is not a terminal)",
  },
  mnemonic: {
    type: "string",
    valueName: "words",
    description: 'use this mnemonic instead of the keyfile ("-": read it from stdin)',
  },
} as const satisfies OptionSpecs;

/** Options of commands that submit an extrinsic. */
export const SUBMIT_OPTIONS = {
  ...GATEWAY_OPTIONS,
  tip: {
    type: "string",
    valueName: "tokens",
    description: "tip on top of the fee, burned with it (default 0)",
  },
  wait: {
    type: "boolean",
    description: "wait until the extrinsic is in a block and report its result (default)",
  },
  "no-wait": { type: "boolean", description: "return once the node accepted the extrinsic into its pool" },
} as const satisfies OptionSpecs;

interface GatewayValues {
  gateway?: string | undefined;
}

interface WalletValues {
  "wallet-path"?: string | undefined;
  wallet: string;
  hotkey: string;
}

interface KeyValues extends WalletValues {
  "password-file"?: string | undefined;
  mnemonic?: string | undefined;
}

interface SubmitValues extends GatewayValues {
  tip?: string | undefined;
  wait: boolean;
  "no-wait": boolean;
}

// ---- Shared helpers ----

let terminalOverride: Terminal | undefined;

/** Unit tests stand in for the person at the terminal; the CLI asks the process's own. */
export function useTerminal(terminal: Terminal | undefined): void {
  terminalOverride = terminal;
}

export function terminal(): Terminal {
  return terminalOverride ?? processTerminal();
}

export function walletRoot(values: Pick<WalletValues, "wallet-path">, io: Io): string {
  return values["wallet-path"] || defaultWalletRoot(io.env);
}

/** The ledger client for `--gateway`, else NM_GATEWAY, else the local devnet. */
export function ledgerClient(values: GatewayValues, io: Io): LedgerClient {
  const url = values.gateway || io.env.NM_GATEWAY || DEFAULT_GATEWAY_URL;
  try {
    checkGatewayUrl(url);
  } catch (error) {
    throw new UsageError(`--gateway: ${(error as Error).message}`);
  }
  return createLedgerClient(url);
}

/** `--amount 1.5` → rao; a usage error names the flag. */
export function parseAmount(flag: string, text: string): bigint {
  try {
    return parseTokens(text);
  } catch (error) {
    if (error instanceof AmountError) throw new UsageError(`--${flag}: ${error.message}`);
    throw error;
  }
}

/** `--netuid 3` → 3 (a u32 that is a plain decimal). */
export function parseNetuid(text: string, flag = "netuid"): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff) {
    throw new UsageError(`--${flag}: ${JSON.stringify(text)} is not a subnet id (a whole number)`);
  }
  return Number(text);
}

async function mnemonicValue(value: string | undefined, io: Io): Promise<string | undefined> {
  if (value !== "-") return value;
  const text = (await io.readStdin()).trim();
  if (text === "") throw new UsageError("--mnemonic - expects the mnemonic on stdin, but stdin was empty");
  return text;
}

/** Which key the command's options select (see KEY_OPTIONS). */
export async function keySelection(values: KeyValues, io: Io): Promise<KeySelection> {
  return {
    root: walletRoot(values, io),
    wallet: values.wallet,
    hotkey: values.hotkey,
    passwordFile: values["password-file"],
    mnemonic: await mnemonicValue(values.mnemonic, io),
    terminal: terminal(),
  };
}

export async function signingColdkey(values: KeyValues, io: Io): Promise<Keypair> {
  return selectColdkey(await keySelection(values, io));
}

export async function signingHotkey(values: KeyValues, io: Io): Promise<Keypair> {
  return selectHotkey(await keySelection(values, io));
}

export async function coldkeyAddress(values: KeyValues, io: Io): Promise<string> {
  return selectColdkeyAddress(await keySelection(values, io));
}

export function submitOptions(values: SubmitValues): SubmitOptions {
  if (values.wait && values["no-wait"]) throw new UsageError("--wait and --no-wait exclude each other");
  const options: SubmitOptions = { wait: !values["no-wait"] };
  if (values.tip !== undefined) options.tip = parseAmount("tip", values.tip);
  return options;
}

/** The fields every submitting command reports, text and JSON alike. */
export function submissionFields(result: SubmitResult) {
  const fields: Record<string, unknown> = {
    hash: result.hash,
    signer: result.signer,
    nonce: result.nonce,
    included: result.included,
  };
  if (result.included) {
    fields.blockNumber = result.blockNumber;
    fields.fee = result.fee;
    fields.events = result.events.map(eventJson);
  }
  return fields;
}

export function eventJson(event: Event) {
  return { kind: event.kind, fields: { ...event.fields } };
}

/** Text lines for a submission: where it landed and what it cost. */
export function submissionLines(result: SubmitResult): [string, string][] {
  const lines: [string, string][] = [["extrinsic", toHex(result.hash)]];
  if (!result.included) {
    lines.push(["status", "accepted into the pool (--no-wait: its result is not known yet)"]);
    return lines;
  }
  lines.push(["block", String(result.blockNumber)], ["fee", formatTokens(result.fee ?? 0n)]);
  return lines;
}

/**
 * Runs a command body and turns the errors of the layers below into the CLI's contract: wallet refusals and
 * ledger rejections exit 2 as `error: NAME: message`; an unreachable or failing node exits 1.
 */
export async function withCliErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WalletError) throw new UsageError(`${error.code}: ${error.message}`);
    if (error instanceof LedgerCallError) {
      const where =
        error.blockNumber === undefined
          ? ""
          : ` (included in block ${error.blockNumber}: its nonce and fee are spent)`;
      const line = `${error.errorName}: ${raoToTau(error.message)}${where}`;
      if (error.isRejection) throw new UsageError(line);
      const hint =
        error.errorName === "Unavailable" ? " (is the gateway running? see --gateway / NM_GATEWAY)" : "";
      throw new ServiceError(line + hint);
    }
    throw error;
  }
}

// ---- wallet create ----

const create = defineCommand({
  name: "create",
  summary: "create a wallet: an encrypted coldkey and a hotkey, each from a fresh mnemonic",
  aliases: ["new"],
  description:
    "Writes <wallet-path>/<wallet>/coldkey (scrypt + AES-256-GCM, mode 0600), coldkeypub.txt and\n" +
    "hotkeys/<hotkey> (plain, mode 0600), and prints each new mnemonic once: write them down. An existing\n" +
    "key is never replaced without --overwrite. --no-coldkey adds a hotkey to an existing wallet.\n" +
    "The coldkey password comes from --password-file, or is asked twice on a terminal.",
  options: {
    ...WALLET_OPTIONS,
    "password-file": KEY_OPTIONS["password-file"],
    words: { type: "string", choices: ["12", "24"], default: "12", description: "mnemonic length in words" },
    "no-hotkey": { type: "boolean", description: "create only the coldkey" },
    "no-coldkey": { type: "boolean", description: "create only the hotkey, in an existing wallet" },
    overwrite: {
      type: "boolean",
      description: "replace existing keys (their funds are lost without a mnemonic)",
    },
    mnemonic: {
      type: "string",
      valueName: "words",
      description: 'import this coldkey mnemonic instead of generating one ("-": from stdin)',
    },
    "hotkey-mnemonic": {
      type: "string",
      valueName: "words",
      description: 'import this hotkey mnemonic instead of generating one ("-": from stdin)',
    },
  },
  examples: [
    "neuralmesh wallet create --wallet alice --password-file ~/.nm-password",
    "neuralmesh wallet create --wallet alice --hotkey miner2 --no-coldkey",
    "neuralmesh wallet create --wallet imported --mnemonic - --password-file pw.txt < words.txt",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const withColdkey = !values["no-coldkey"];
      const withHotkey = !values["no-hotkey"];
      if (!withColdkey && !withHotkey)
        throw new UsageError("--no-coldkey and --no-hotkey leave nothing to create");
      if (values.mnemonic === "-" && values["hotkey-mnemonic"] === "-") {
        throw new UsageError("only one of --mnemonic and --hotkey-mnemonic can read stdin");
      }
      if (!withColdkey && values.mnemonic !== undefined)
        throw new UsageError("--mnemonic needs a coldkey to create");
      if (!withHotkey && values["hotkey-mnemonic"] !== undefined) {
        throw new UsageError("--hotkey-mnemonic needs a hotkey to create");
      }
      const root = walletRoot(values, io);
      const plan = { root, wallet: values.wallet, overwrite: values.overwrite, coldkey: withColdkey };
      checkCreatable(withHotkey ? { ...plan, hotkey: values.hotkey } : plan);

      const words = values.words === "24" ? 24 : 12;
      const importedCold = await mnemonicValue(values.mnemonic, io);
      const importedHot = await mnemonicValue(values["hotkey-mnemonic"], io);
      const coldMnemonic = withColdkey ? (importedCold ?? generateMnemonic(words)) : undefined;
      const hotMnemonic = withHotkey ? (importedHot ?? generateMnemonic(words)) : undefined;
      // Derive before asking for a password, so a mistyped imported mnemonic fails first.
      const coldSecret = coldMnemonic === undefined ? undefined : secretFromMnemonic(coldMnemonic);
      const hotSecret = hotMnemonic === undefined ? undefined : secretFromMnemonic(hotMnemonic);
      const password = coldSecret
        ? await askNewPassword(
            { passwordFile: values["password-file"], terminal: terminal() },
            `coldkey of wallet ${JSON.stringify(values.wallet)}`,
          )
        : undefined;
      const created = await createWallet({
        root,
        wallet: values.wallet,
        coldkey: coldSecret,
        password,
        hotkey: hotSecret ? { name: values.hotkey, secret: hotSecret } : undefined,
        overwrite: values.overwrite,
      });

      // Only generated mnemonics are shown: an imported one is already in the user's hands.
      const shownCold = importedCold === undefined ? coldMnemonic : undefined;
      const shownHot = importedHot === undefined ? hotMnemonic : undefined;
      const result: Record<string, unknown> = { wallet: values.wallet, path: created.paths.dir };
      if (created.coldkey) result.coldkey = created.coldkey;
      if (created.hotkey)
        Object.assign(result, { hotkeyName: created.hotkey.name, hotkey: created.hotkey.ss58 });
      if (shownCold) result.coldkeyMnemonic = shownCold;
      if (shownHot) result.hotkeyMnemonic = shownHot;
      if (shownCold || shownHot) result.warning = NEW_KEY_WARNING;
      result.note = SR25519_NOTE;
      if (values.json) return printJson(io, result);

      const fields: [string, string][] = [
        ["wallet", values.wallet],
        ["path", created.paths.dir],
      ];
      if (created.coldkey) fields.push(["coldkey", created.coldkey]);
      if (created.hotkey) fields.push(["hotkey", `${created.hotkey.ss58} (${created.hotkey.name})`]);
      if (shownCold) fields.push(["coldkey mnemonic", shownCold]);
      if (shownHot) fields.push(["hotkey mnemonic", shownHot]);
      printFields(io, fields);
      if (shownCold || shownHot) io.out(`\nWARNING: ${NEW_KEY_WARNING}\n`);
      io.err(`note: ${SR25519_NOTE}\n`);
    }),
});

// ---- wallet list ----

const list = defineCommand({
  name: "list",
  summary: "list the wallets in the wallet path with their coldkey and hotkey addresses",
  aliases: ["ls"],
  options: { "wallet-path": WALLET_OPTIONS["wallet-path"] },
  examples: ["neuralmesh wallet list", "neuralmesh wallet list --json"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const root = walletRoot(values, io);
      const wallets = listWallets(root);
      if (values.json) return printJson(io, { path: root, wallets });
      if (wallets.length === 0) {
        io.out(`no wallets in ${root} (create one with \`neuralmesh wallet create\`)\n`);
        return;
      }
      for (const wallet of wallets) {
        io.out(`${wallet.name}  ${wallet.coldkey ?? "(coldkey unreadable)"}\n`);
        for (const hotkey of wallet.hotkeys) {
          io.out(`  └─ ${hotkey.name}  ${hotkey.ss58 ?? "(unreadable)"}\n`);
        }
      }
    }),
});

// ---- wallet balance ----

interface BalanceRow {
  wallet: string;
  coldkey: string;
  free: bigint;
  staked: bigint;
  total: bigint;
}

async function balanceOf(client: LedgerClient, wallet: string, coldkey: string): Promise<BalanceRow> {
  const account = await getAccount(client, coldkey);
  const staked = stakedBy(account);
  return { wallet, coldkey, free: account.free, staked, total: account.free + staked };
}

const balance = defineCommand({
  name: "balance",
  summary: "show a wallet's free balance and stake (or every wallet's, with --all)",
  description: "Reads only coldkeypub.txt: no password is needed. Amounts are tokens; --json gives rao.",
  options: {
    ...GATEWAY_OPTIONS,
    ...WALLET_OPTIONS,
    mnemonic: KEY_OPTIONS.mnemonic,
    all: { type: "boolean", description: "every wallet in the wallet path" },
  },
  examples: ["neuralmesh wallet balance --wallet alice", "neuralmesh wallet balance --all --json"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      if (values.all && values.mnemonic !== undefined)
        throw new UsageError("--all and --mnemonic exclude each other");
      const client = ledgerClient(values, io);
      const root = walletRoot(values, io);
      const targets: [string, string][] = values.all
        ? listWallets(root).flatMap((w) => (w.coldkey ? [[w.name, w.coldkey] as [string, string]] : []))
        : [[values.mnemonic === undefined ? values.wallet : "(mnemonic)", await coldkeyAddress(values, io)]];
      const rows = await ledgerCall(() =>
        Promise.all(targets.map(([w, ss58]) => balanceOf(client, w, ss58))),
      );
      const sum = (pick: (row: BalanceRow) => bigint) => rows.reduce((s, row) => s + pick(row), 0n);
      const totals = { free: sum((r) => r.free), staked: sum((r) => r.staked), total: sum((r) => r.total) };
      if (values.json) return printJson(io, { wallets: rows, ...totals });
      const table = rows.map((r) => [
        r.wallet,
        r.coldkey,
        formatTokens(r.free),
        formatTokens(r.staked),
        formatTokens(r.total),
      ]);
      if (rows.length > 1) {
        table.push([
          "total",
          "",
          formatTokens(totals.free),
          formatTokens(totals.staked),
          formatTokens(totals.total),
        ]);
      }
      io.out(formatTable(["WALLET", "COLDKEY", "FREE", "STAKED", "TOTAL"], table));
    }),
});

// ---- wallet overview ----

const overview = defineCommand({
  name: "overview",
  summary: "a wallet's balance, its neurons on every subnet and its stakes (own and delegated)",
  description:
    "My neurons: the metagraph rows whose hotkey is one of the wallet's hotkeys, or whose coldkey is the\n" +
    "wallet's coldkey. My stakes: the coldkey's stake on every hotkey, marked own (a hotkey of this wallet or\n" +
    "of one of its neurons) or delegated (someone else's hotkey, e.g. a validator staked on); a delegated\n" +
    "hotkey is never listed as a neuron. u16 values print as fractions of 65535; --json gives them raw.",
  options: { ...GATEWAY_OPTIONS, ...WALLET_OPTIONS, mnemonic: KEY_OPTIONS.mnemonic },
  examples: ["neuralmesh wallet overview --wallet alice"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const client = ledgerClient(values, io);
      const root = walletRoot(values, io);
      const coldkey = await coldkeyAddress(values, io);
      const names = new Map<string, string>();
      if (values.mnemonic === undefined) {
        const own = listWallets(root).find((w) => w.name === values.wallet);
        for (const h of own?.hotkeys ?? []) if (h.ss58) names.set(h.ss58, h.name);
      }
      const [account, subnets] = await ledgerCall(() =>
        Promise.all([getAccount(client, coldkey), client.listSubnets({})]),
      );
      // Only the wallet's own hotkeys make a row "my neuron": staking on a validator does not (issue 17 #11).
      const hotkeys = new Set(names.keys());
      const metagraphs = await ledgerCall(() =>
        Promise.all(subnets.subnets.map((s) => client.getMetagraph({ netuid: s.netuid }))),
      );
      const neurons = metagraphs.flatMap((m) =>
        m.hotkeys.flatMap((hotkey, uid) =>
          hotkeys.has(hotkey) || m.coldkeys[uid] === coldkey
            ? [
                {
                  netuid: m.netuid,
                  uid,
                  hotkey,
                  hotkeyName: names.get(hotkey),
                  coldkey: m.coldkeys[uid],
                  stake: m.stake[uid],
                  rank: m.rank[uid],
                  trust: m.trust[uid],
                  consensus: m.consensus[uid],
                  incentive: m.incentive[uid],
                  dividends: m.dividends[uid],
                  emission: m.emission[uid],
                  validatorTrust: m.validatorTrust[uid],
                  validatorPermit: m.validatorPermit[uid],
                  active: m.active[uid],
                },
              ]
            : [],
        ),
      );
      const staked = stakedBy(account);
      const ownHotkeys = new Set([...hotkeys, ...neurons.map((n) => n.hotkey)]);
      const stakes = account.stakes.map((s) => ({
        hotkey: s.hotkey,
        hotkeyName: names.get(s.hotkey),
        amount: s.amount,
        own: ownHotkeys.has(s.hotkey),
        // Where the hotkey holds a uid, own or not: a delegate's subnets.
        registeredOn: metagraphs.flatMap((m) => {
          const uid = m.hotkeys.indexOf(s.hotkey);
          return uid < 0 ? [] : [{ netuid: m.netuid, uid }];
        }),
      }));
      const summary = {
        wallet: values.wallet,
        coldkey,
        free: account.free,
        staked,
        total: account.free + staked,
      };
      if (values.json) return printJson(io, { ...summary, stakes, neurons });

      printFields(io, [
        ["wallet", summary.wallet],
        ["coldkey", coldkey],
        ["free", formatTokens(summary.free)],
        ["staked", formatTokens(staked)],
        ["total", formatTokens(summary.total)],
      ]);
      io.out("\nMy neurons (this wallet's hotkeys registered on subnets)\n");
      io.out(
        neurons.length === 0
          ? "  (not registered on any subnet)\n"
          : formatTable(
              [
                "NETUID",
                "UID",
                "HOTKEY",
                "NAME",
                "STAKE",
                "INCENTIVE",
                "DIVIDENDS",
                "EMISSION",
                "VTRUST",
                "ACTIVE",
              ],
              neurons.map((n) => [
                String(n.netuid),
                String(n.uid),
                n.hotkey,
                n.hotkeyName ?? "",
                formatTokens(n.stake),
                formatU16(n.incentive),
                formatU16(n.dividends),
                formatTokens(n.emission),
                formatU16(n.validatorTrust),
                n.active ? "yes" : "no",
              ]),
            ),
      );
      io.out("\nMy stakes (this coldkey's stake on any hotkey)\n");
      io.out(
        stakes.length === 0
          ? "  (none)\n"
          : formatTable(
              ["HOTKEY", "NAME", "KIND", "SUBNETS", "STAKE"],
              stakes.map((s) => [
                s.hotkey,
                s.hotkeyName ?? "",
                s.own ? "own" : "delegated",
                s.registeredOn.map((r) => `${r.netuid}/${r.uid}`).join(" "),
                formatTokens(s.amount),
              ]),
            ),
      );
    }),
});

// ---- wallet export / import (polkadot.js JSON accounts; docs/keys.md has the format) ----

const JSON_KEY_OPTIONS = {
  "wallet-path": WALLET_OPTIONS["wallet-path"],
  wallet: WALLET_OPTIONS.wallet,
  hotkey: {
    type: "string",
    valueName: "name",
    description: "this hotkey of the wallet instead of its coldkey",
  },
} as const satisfies OptionSpecs;

function keyLabel(wallet: string, hotkey: string | undefined): string {
  return hotkey === undefined
    ? `coldkey of wallet ${JSON.stringify(wallet)}`
    : `hotkey ${JSON.stringify(hotkey)} of wallet ${JSON.stringify(wallet)}`;
}

const exportJson = defineCommand({
  name: "export",
  summary: "write a wallet's coldkey (or a hotkey) as a polkadot.js JSON account file",
  description:
    "The file (mode 0600) opens in polkadot.js apps, its extension and the web wallet. It is encrypted\n" +
    "with the wallet password (scrypt N=2^15 r=8 p=1, xsalsa20-poly1305) unless --json-password-file gives\n" +
    "another; a plain hotkey has no wallet password, so its JSON password comes from --json-password-file,\n" +
    "--password-file or is asked twice. An existing --out file is replaced only with --force.",
  options: {
    ...JSON_KEY_OPTIONS,
    out: { type: "string", valueName: "file", required: true, description: "the JSON file to write" },
    "password-file": {
      type: "string",
      valueName: "file",
      description: "read the wallet password from this file (needed when stdin is not a terminal)",
    },
    "json-password-file": {
      type: "string",
      valueName: "file",
      description: "encrypt the JSON with the password in this file (default: the wallet password)",
    },
    force: { type: "boolean", description: "replace an existing --out file" },
  },
  examples: [
    "neuralmesh wallet export --wallet alice --out alice.json",
    "neuralmesh wallet export --wallet alice --hotkey miner --out miner.json --password-file pw.txt",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const label = keyLabel(values.wallet, values.hotkey);
      const source = { passwordFile: values["password-file"], terminal: terminal() };
      const jsonPasswordFile = values["json-password-file"];
      const exported = await exportAccountJson({
        root: walletRoot(values, io),
        wallet: values.wallet,
        hotkey: values.hotkey,
        out: values.out,
        force: values.force,
        keyfilePassword: () => askPassword(source, label),
        jsonPassword: async (keyfilePassword) => {
          if (jsonPasswordFile !== undefined) return readPasswordFile(jsonPasswordFile);
          return keyfilePassword ?? (await askNewPassword(source, `JSON export of the ${label}`));
        },
      });
      const result = {
        wallet: values.wallet,
        key: values.hotkey === undefined ? "coldkey" : "hotkey",
        ...(values.hotkey === undefined ? {} : { hotkeyName: values.hotkey }),
        address: exported.address,
        path: exported.path,
        encoding: exported.json.encoding,
      };
      if (values.json) return printJson(io, result);
      printFields(io, [
        ["key", label],
        ["address", exported.address],
        ["file", exported.path],
        ["format", "polkadot.js JSON (ed25519, pkcs8, scrypt + xsalsa20-poly1305)"],
      ]);
      io.err("note: the file and its password together are the key: keep both safe\n");
    }),
});

const importJson = defineCommand({
  name: "import",
  summary: "create a wallet's coldkey (or a hotkey) from a polkadot.js JSON account file",
  description:
    "Reads an ed25519 account exported by polkadot.js apps, its extension, the web wallet or `wallet\n" +
    "export` (sr25519 accounts cannot be used: their keys differ). The JSON's password comes from\n" +
    "--password-file or is asked; the new coldkey keyfile is encrypted with that same password (a hotkey is\n" +
    "written plain, like every hotkey). An existing key is never replaced. `--json FILE` also works: --json\n" +
    "is the JSON-output switch and FILE is then the file argument.",
  positionals: [{ name: "file", description: "the polkadot.js JSON account file" }],
  options: {
    ...JSON_KEY_OPTIONS,
    "password-file": {
      type: "string",
      valueName: "file",
      description: "read the JSON's password from this file (needed when stdin is not a terminal)",
    },
  },
  examples: [
    "neuralmesh wallet import backup.json --wallet alice",
    "neuralmesh wallet import miner.json --wallet alice --hotkey miner --password-file pw.txt",
  ],
  run: ({ values, positionals, io }) =>
    withCliErrors(async () => {
      const file = positionals[0];
      const source = { passwordFile: values["password-file"], terminal: terminal() };
      const imported = await importAccountJson({
        root: walletRoot(values, io),
        wallet: values.wallet,
        hotkey: values.hotkey,
        source: file,
        json: readAccountJsonFile(file),
        password: () => askPassword(source, `account JSON ${file}`),
      });
      const result = {
        wallet: values.wallet,
        key: imported.kind,
        ...(values.hotkey === undefined ? {} : { hotkeyName: values.hotkey }),
        address: imported.address,
        path: imported.path,
      };
      if (values.json) return printJson(io, result);
      printFields(io, [
        ["key", keyLabel(values.wallet, values.hotkey)],
        ["address", imported.address],
        ["keyfile", imported.path],
      ]);
    }),
});

export default defineGroup({
  name: "wallet",
  summary:
    "create, list, export and import local wallets (coldkey + hotkeys); balances and an overview from the ledger",
  commands: [create, list, balance, overview, exportJson, importJson],
});
