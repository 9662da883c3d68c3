// What the ledger's rules say issuance must be, worked out from the genesis file alone (docs/ledger.md,
// "Emission, epochs and payouts"): genesis issuance is every balance and stake it creates; each block then
// mints the block emission split over the subnets by emission_share, each part floored, and nothing else
// mints (fees and burns only move rao from issued to burned). Written here rather than imported from the
// ledger, so the check does not grade the ledger's arithmetic with the ledger's own code.

export interface GenesisRules {
  genesisIssuance: bigint;
  mintPerBlock: bigint;
  issuanceCap: bigint;
}

/** A genesis feature these rules do not model; the chaos run uses its own simple genesis. */
export class GenesisRulesError extends Error {
  override readonly name = "GenesisRulesError";
}

type Json = Record<string, unknown>;

const rao = (v: unknown, fallback?: bigint): bigint => {
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new GenesisRulesError("missing amount");
    return fallback;
  }
  return BigInt(v as string | number);
};

export function genesisRules(genesis: Json): GenesisRules {
  if (genesis.generate_accounts !== undefined)
    throw new GenesisRulesError("generate_accounts is not modelled");
  let issuance = 0n;
  for (const b of (genesis.balances ?? []) as Json[]) issuance += rao(b.free);
  const faucet = genesis.faucet as Json | undefined | null;
  if (faucet?.balance !== undefined) issuance += rao(faucet.balance);
  const defaults = (genesis.default_hyperparameters ?? {}) as Json;
  const shares: bigint[] = [];
  for (const s of (genesis.subnets ?? []) as Json[]) {
    if (s.generate_neurons !== undefined) throw new GenesisRulesError("generate_neurons is not modelled");
    for (const n of (s.neurons ?? []) as Json[]) issuance += rao(n.stake, 0n);
    const hp = (s.hyperparameters ?? {}) as Json;
    const share = hp.emission_share ?? defaults.emission_share;
    if (share === undefined) throw new GenesisRulesError(`subnet ${String(s.netuid)}: give emission_share`);
    shares.push(BigInt(share as number));
  }
  const reward = rao(genesis.block_emission, 1_000_000_000n);
  const total = shares.reduce((a, b) => a + b, 0n);
  let mint = 0n;
  if (total > 0n) for (const share of shares) mint += (reward * share) / total;
  return {
    genesisIssuance: issuance,
    mintPerBlock: mint,
    issuanceCap: rao(genesis.issuance_cap, 21_000_000n * 1_000_000_000n),
  };
}
