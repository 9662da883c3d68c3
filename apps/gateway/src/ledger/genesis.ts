// Genesis: the JSON file → chain parameters and the initial state entries. Addresses in the file are SS58,
// or "dev:<name>" for the well-known dev accounts (src/shared/devnet). Amounts are decimal rao strings.
import { readFileSync } from "node:fs";
import { devKeypair, generatedKeypair } from "../../../../src/shared/devnet";
import { isValidAddress } from "../../../../src/shared/keys";
import { CHAIN_KEY, keys } from "./state/keys";
import {
  type ChainParams,
  DEFAULT_FEE_PER_BYTE,
  DEFAULT_MAX_BLOCK_BYTES,
  MAX_MAX_BLOCK_BYTES,
} from "./state/params";
import { freshNeuron } from "./state/registration";
import type { AccountInfo, ChainTotals, HotkeyInfo, Hyperparameters, SubnetInfo } from "./state/types";

export const DEFAULT_GENESIS_PATH = new URL("../../genesis/devnet.json", import.meta.url).pathname;

export class GenesisError extends Error {
  override readonly name = "GenesisError";
}

const MODALITIES: Record<string, number> = { text: 1, image: 2, audio: 3, tensor: 4 };

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  tempo: 20,
  kappa: 32767,
  maxAllowedUids: 4096,
  maxAllowedValidators: 64,
  immunityPeriod: 100,
  activityCutoff: 5000,
  minAllowedWeights: 1,
  maxWeightLimit: 65535,
  weightsSetRateLimit: 10,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65535,
  servingRateLimit: 5,
  targetRegistrationsPerInterval: 2,
  adjustmentInterval: 100,
  maxRegistrationsPerBlock: 1,
  minBurn: 500_000n,
  maxBurn: 100_000_000_000n,
  weightsVersionKey: 0n,
  minStakeForWeights: 0n,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  commitRevealWeightsEnabled: false,
  commitRevealPeriod: 1,
  ownerCut: 11796,
  emissionShare: 1,
};

/** The parsed genesis: parameters (minus the genesis hash, which is derived from the state) and state. */
export interface Genesis {
  readonly json: string;
  readonly params: Omit<ChainParams, "genesisHash">;
  readonly entries: Map<string, unknown>;
}

export function loadGenesisFile(path: string | undefined): Genesis {
  const file = path ?? DEFAULT_GENESIS_PATH;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new GenesisError(`cannot read genesis ${file}: ${(e as Error).message}`);
  }
  return parseGenesis(text);
}

type Json = Record<string, unknown>;

/** `"authority": "generate"`: the authoring gateway makes a key on first start and writes its address here. */
export const GENERATE_AUTHORITY = "generate";

/** The authority a genesis names (SS58), without building its state (cheap even for a large genesis). */
export function genesisAuthority(text: string): string {
  let g: Json;
  try {
    g = JSON.parse(text) as Json;
  } catch (e) {
    throw new GenesisError(`genesis is not JSON: ${(e as Error).message}`);
  }
  return address(g.authority ?? "dev:authority", "authority");
}

function address(value: unknown, what: string): string {
  if (typeof value !== "string") throw new GenesisError(`${what}: expected an address`);
  if (value === GENERATE_AUTHORITY && what === "authority") {
    throw new GenesisError(
      `authority: "${GENERATE_AUTHORITY}" is only resolved by the authoring gateway on first start`,
    );
  }
  if (value.startsWith("dev:")) return devKeypair(value.slice(4)).ss58;
  if (!isValidAddress(value)) throw new GenesisError(`${what}: "${value}" is not a valid SS58 address`);
  return value;
}

function rao(value: unknown, what: string, fallback?: bigint): bigint {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new GenesisError(`${what}: expected a decimal string of rao`);
  }
  return BigInt(value);
}

function int(value: unknown, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new GenesisError(`${what}: expected a non-negative integer`);
  }
  return value;
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function hyperparameters(raw: unknown, base: Hyperparameters, what: string): Hyperparameters {
  const obj = (raw ?? {}) as Json;
  const out: Record<string, unknown> = { ...base };
  const known = new Set(Object.keys(base).map(snake));
  for (const k of Object.keys(obj)) {
    if (!known.has(k)) throw new GenesisError(`${what}: unknown hyperparameter "${k}"`);
  }
  for (const [field, def] of Object.entries(base)) {
    const v = obj[snake(field)];
    if (v === undefined) continue;
    if (typeof def === "bigint") out[field] = rao(v, `${what}.${snake(field)}`);
    else if (typeof def === "boolean") {
      if (typeof v !== "boolean") throw new GenesisError(`${what}.${snake(field)}: expected true or false`);
      out[field] = v;
    } else out[field] = int(v, `${what}.${snake(field)}`, def);
  }
  return out as unknown as Hyperparameters;
}

export function parseGenesis(text: string): Genesis {
  let g: Json;
  try {
    g = JSON.parse(text) as Json;
  } catch (e) {
    throw new GenesisError(`genesis is not JSON: ${(e as Error).message}`);
  }
  const defaults = hyperparameters(
    g.default_hyperparameters,
    DEFAULT_HYPERPARAMETERS,
    "default_hyperparameters",
  );
  const faucetRaw = g.faucet as Json | undefined | null;
  const params: Omit<ChainParams, "genesisHash"> = {
    chainId: typeof g.chain_id === "string" ? g.chain_id : "neuralmesh-devnet",
    specVersion: int(g.spec_version, "spec_version", 1),
    authority: address(g.authority ?? "dev:authority", "authority"),
    blockTimeMs: int(g.block_time_ms, "block_time_ms", 1000),
    fee: rao(g.fee, "fee", 100_000n),
    feePerByte: rao(g.fee_per_byte, "fee_per_byte", DEFAULT_FEE_PER_BYTE),
    maxExtrinsicBytes: int(g.max_extrinsic_bytes, "max_extrinsic_bytes", 64 * 1024),
    maxBlockBytes: int(g.max_block_bytes, "max_block_bytes", DEFAULT_MAX_BLOCK_BYTES),
    subnetLockCost: rao(g.subnet_lock_cost, "subnet_lock_cost", 100_000_000_000n),
    maxSubnets: int(g.max_subnets, "max_subnets", 32),
    defaultTake: int(g.delegate_take, "delegate_take", 11796),
    defaultHyperparameters: defaults,
    defaultBurn: rao(g.default_burn, "default_burn", 100_000_000n),
    blockEmission: rao(g.block_emission, "block_emission", 1_000_000_000n),
    issuanceCap: rao(g.issuance_cap, "issuance_cap", 21_000_000n * 1_000_000_000n),
    faucet: faucetRaw
      ? {
          address: address(faucetRaw.account, "faucet.account"),
          amount: rao(faucetRaw.amount, "faucet.amount"),
        }
      : null,
  };
  // Every valid extrinsic must fit a block, and one block must fit one GetBlocks answer.
  if (params.maxBlockBytes < params.maxExtrinsicBytes || params.maxBlockBytes > MAX_MAX_BLOCK_BYTES) {
    throw new GenesisError(`max_block_bytes: between max_extrinsic_bytes and ${MAX_MAX_BLOCK_BYTES}`);
  }
  const entries = new Map<string, unknown>();
  let issuance = 0n;
  let totalStake = 0n;
  const credit = (who: string, amount: bigint) => {
    const prev = (entries.get(keys.account(who)) as AccountInfo | undefined)?.free ?? 0n;
    if (amount > 0n) entries.set(keys.account(who), { free: prev + amount, nonce: 0n });
    issuance += amount;
  };
  for (const [i, b] of ((g.balances ?? []) as Json[]).entries()) {
    credit(address(b.address, `balances[${i}].address`), rao(b.free, `balances[${i}].free`));
  }
  const genAccounts = g.generate_accounts as Json | undefined;
  if (genAccounts) {
    // Compact form for many funded accounts (benchmarks, load tests): coldkeys from
    // sha256("<seed>/coldkey/<i>") as in generate_neurons, each with the same free balance.
    const count = int(genAccounts.count, "generate_accounts.count", 0);
    const seed = String(genAccounts.seed ?? "genesis/accounts");
    const free = rao(genAccounts.free, "generate_accounts.free");
    for (let i = 0; i < count; i++) credit(generatedKeypair(seed, "coldkey", i).ss58, free);
  }
  if (faucetRaw?.balance !== undefined)
    credit(params.faucet!.address, rao(faucetRaw.balance, "faucet.balance"));

  const stakeOn = (coldkey: string, hotkey: string, amount: bigint) => {
    let hk = entries.get(keys.hotkey(hotkey)) as HotkeyInfo | undefined;
    if (!hk) hk = { owner: coldkey, take: params.defaultTake, totalStake: 0n, nominators: [] };
    if (hk.owner !== coldkey) throw new GenesisError(`hotkey ${hotkey} is claimed by two coldkeys`);
    if (amount > 0n) {
      const prev = (entries.get(keys.stake(coldkey, hotkey)) as bigint | undefined) ?? 0n;
      entries.set(keys.stake(coldkey, hotkey), prev + amount);
      const nominators = hk.nominators.includes(coldkey) ? hk.nominators : [...hk.nominators, coldkey].sort();
      hk = { ...hk, totalStake: hk.totalStake + amount, nominators };
      issuance += amount;
      totalStake += amount;
    }
    entries.set(keys.hotkey(hotkey), hk);
  };

  let maxNetuid = 0;
  for (const [i, raw] of ((g.subnets ?? []) as Json[]).entries()) {
    const what = `subnets[${i}]`;
    const netuid = int(raw.netuid, `${what}.netuid`, i + 1);
    if (netuid === 0 || entries.has(keys.subnet(netuid)))
      throw new GenesisError(`${what}: bad or repeated netuid`);
    const modality = MODALITIES[String(raw.modality ?? "text")];
    if (!modality) throw new GenesisError(`${what}.modality: one of ${Object.keys(MODALITIES).join(", ")}`);
    const hp = hyperparameters(raw.hyperparameters, defaults, `${what}.hyperparameters`);
    const neurons: { hotkey: string; coldkey: string; stake: bigint }[] = [];
    for (const [j, n] of ((raw.neurons ?? []) as Json[]).entries()) {
      neurons.push({
        hotkey: address(n.hotkey, `${what}.neurons[${j}].hotkey`),
        coldkey: address(n.coldkey, `${what}.neurons[${j}].coldkey`),
        stake: rao(n.stake, `${what}.neurons[${j}].stake`, 0n),
      });
    }
    const gen = raw.generate_neurons as Json | undefined;
    if (gen) {
      // Compact form for big subnets: keys from sha256("<seed>/hotkey/<i>"), one shared or derived coldkey.
      const count = int(gen.count, `${what}.generate_neurons.count`, 0);
      const seed = String(gen.seed ?? `genesis/${netuid}`);
      const stake = rao(gen.stake, `${what}.generate_neurons.stake`, 0n);
      const sharedColdkey = gen.coldkey
        ? address(gen.coldkey, `${what}.generate_neurons.coldkey`)
        : undefined;
      for (let j = 0; j < count; j++) {
        const hotkey = generatedKeypair(seed, "hotkey", j).ss58;
        const coldkey = sharedColdkey ?? generatedKeypair(seed, "coldkey", j).ss58;
        neurons.push({ hotkey, coldkey, stake });
      }
    }
    if (neurons.length > hp.maxAllowedUids)
      throw new GenesisError(`${what}: more neurons than max_allowed_uids`);
    neurons.forEach((n, uid) => {
      if (entries.has(keys.uidOf(netuid, n.hotkey)))
        throw new GenesisError(`${what}: hotkey ${n.hotkey} twice`);
      stakeOn(n.coldkey, n.hotkey, n.stake);
      entries.set(keys.neuron(netuid, uid), freshNeuron(n.hotkey, n.coldkey, 0n));
      entries.set(keys.uidOf(netuid, n.hotkey), uid);
    });
    const subnet: SubnetInfo = {
      netuid,
      name: String(raw.name ?? `subnet ${netuid}`),
      modality,
      owner: address(raw.owner ?? "dev:alice", `${what}.owner`),
      hp,
      burn: rao(raw.burn, `${what}.burn`, params.defaultBurn),
      n: neurons.length,
      pendingEmission: 0n,
      registeredAt: 0n,
      regsThisInterval: 0,
      regsThisBlock: 0,
      regsBlock: 0n,
      lastEpochBlock: 0n,
    };
    entries.set(keys.subnet(netuid), subnet);
    maxNetuid = Math.max(maxNetuid, netuid);
  }
  const chain: ChainTotals = { issuance, burned: 0n, totalStake, nextNetuid: maxNetuid + 1 };
  entries.set(CHAIN_KEY, chain);
  // The parameters are state too, so the genesis hash (and every state root) commits to them.
  entries.set(PARAMS_KEY, params);
  return { json: text, params, entries };
}

export const PARAMS_KEY = "p";
