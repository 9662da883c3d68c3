import {
  decodeAddress,
  encodeAddress,
  fromHex,
  generateMnemonic,
  KeyError,
  type Keypair,
  keypairFromMnemonic,
  SS58_PREFIX,
  toHex,
} from "../../../../../src/shared/keys";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineGroup } from "../framework/types";

export const NEW_KEY_WARNING =
  "Write this mnemonic down and keep it secret. It is shown only once, it is the only way to recover this " +
  "key, and anyone who has it controls the key and everything it holds.";

export const SR25519_NOTE =
  "This is an ed25519 key (as polkadot.js derives it with type ed25519). Bittensor's own keys are sr25519: " +
  "the same mnemonic gives a different address in btcli or a Bittensor wallet.";

const SHOW_SECRET = {
  type: "boolean",
  description: "also print the 32-byte ed25519 secret key (seed) as 0x-hex",
} as const;

/** The public part every key command prints, plus the secret key only when asked for. */
function keyFields(pair: Keypair, showSecret: boolean): Record<string, string> {
  const fields: Record<string, string> = {
    ss58: pair.ss58,
    publicKey: toHex(pair.publicKey),
    keyType: "ed25519",
  };
  if (showSecret) fields.secretKey = toHex(pair.secretKey);
  return fields;
}

/** `-` reads the mnemonic from stdin, which keeps it out of shell history and `ps`. */
async function mnemonicArgument(value: string, io: Io): Promise<string> {
  if (value !== "-") return value;
  const text = (await io.readStdin()).trim();
  if (text === "") throw new UsageError("--mnemonic - expects the mnemonic on stdin, but stdin was empty");
  return text;
}

const newKey = defineCommand({
  name: "new",
  summary: "create a new ed25519 key from a fresh BIP39 mnemonic",
  aliases: ["create"],
  description:
    "Prints the new mnemonic once, with its SS58 address (prefix 42) and public key. Nothing is stored:\n" +
    "write the mnemonic down; `key derive` recovers the same key from it later.",
  options: {
    words: { type: "string", choices: ["12", "24"], default: "12", description: "mnemonic length in words" },
    "show-secret": SHOW_SECRET,
  },
  examples: ["neuralmesh key new", "neuralmesh key new --words 24 --json"],
  run({ values, io }) {
    const mnemonic = generateMnemonic(values.words === "24" ? 24 : 12);
    const pair = keypairFromMnemonic(mnemonic);
    const fields = keyFields(pair, values["show-secret"]);
    if (values.json) return printJson(io, { mnemonic, ...fields, warning: NEW_KEY_WARNING });
    printFields(io, [["mnemonic", mnemonic], ...Object.entries(fields)]);
    io.out(`\nWARNING: ${NEW_KEY_WARNING}\n`);
  },
});

const deriveKey = defineCommand({
  name: "derive",
  summary: "recover the ed25519 key of an existing BIP39 mnemonic",
  aliases: ["regen"],
  description:
    "Derives the key exactly as Substrate and polkadot.js do for ed25519 (PBKDF2 over the mnemonic's\n" +
    "entropy), so the address matches polkadot.js with type ed25519. It does NOT match btcli: Bittensor\n" +
    "keys are sr25519. Prints no secret unless --show-secret is given.",
  options: {
    mnemonic: {
      type: "string",
      required: true,
      valueName: "words",
      description: 'the 12 or 24 words in quotes, or "-" to read them from stdin',
    },
    password: {
      type: "string",
      valueName: "password",
      description: "optional BIP39 password (Substrate's ///)",
    },
    "show-secret": SHOW_SECRET,
  },
  examples: [
    'neuralmesh key derive --mnemonic "bottom drive obey ... fit walk" --json',
    "neuralmesh key derive --mnemonic - < mnemonic.txt",
  ],
  async run({ values, io }) {
    const mnemonic = await mnemonicArgument(values.mnemonic, io);
    const pair = keypairFromMnemonic(mnemonic, values.password ?? "");
    const fields = keyFields(pair, values["show-secret"]);
    if (values.json) return printJson(io, { ...fields, warning: SR25519_NOTE });
    printFields(io, Object.entries(fields));
    io.err(`note: ${SR25519_NOTE}\n`);
  },
});

/** Accepts an address, or a 0x public key to learn its address. */
function inspectTarget(input: string): { ss58: string; publicKey: Uint8Array } {
  if (!/^0x/i.test(input)) return { ss58: input, publicKey: decodeAddress(input) };
  const publicKey = fromHex(input);
  if (publicKey.length !== 32) {
    throw new KeyError("BAD_PUBLIC_KEY", `a public key is 32 bytes of hex, got ${publicKey.length}`);
  }
  return { ss58: encodeAddress(publicKey), publicKey };
}

const inspectKey = defineCommand({
  name: "inspect",
  summary: "check an SS58 address and show its public key",
  positionals: [{ name: "address", description: "an SS58 address (prefix 42), or a 0x-hex public key" }],
  options: {},
  examples: ["neuralmesh key inspect 5DFJF7tY4bpbpcKPJcBTQaKuCDEPCpiz8TRjpmLeTtweqmXL --json"],
  run({ values, positionals, io }) {
    const { ss58, publicKey } = inspectTarget(positionals[0]);
    const result = { ss58, publicKey: toHex(publicKey), prefix: SS58_PREFIX };
    if (values.json) return printJson(io, result);
    printFields(io, Object.entries(result));
  },
});

export default defineGroup({
  name: "key",
  summary: "create, recover and inspect ed25519 keys and SS58 addresses",
  commands: [newKey, deriveKey, inspectKey],
});
