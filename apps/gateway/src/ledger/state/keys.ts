// State keys. Each record lives under a short prefix; the key string is also its canonical encoding for the
// state root and its primary key in SQLite, so a prefix scan there finds e.g. all stakes of a coldkey.

export const CHAIN_KEY = "c";

/**
 * Account keys are looked up several times per transfer (admission, fee, debit, credit, root, storage): one
 * string per address, kept (bounded), so each lookup reuses a flat string whose hash V8 has already computed
 * instead of concatenating and hashing a new one.
 */
const accountKeys = new Map<string, string>();
const ACCOUNT_KEYS_LIMIT = 200_000;

function accountKey(address: string): string {
  let key = accountKeys.get(address);
  if (key === undefined) {
    key = `a/${address}`;
    if (accountKeys.size >= ACCOUNT_KEYS_LIMIT) accountKeys.clear();
    accountKeys.set(address, key);
  }
  return key;
}

export const keys = {
  account: accountKey,
  hotkey: (hotkey: string) => `k/${hotkey}`,
  stake: (coldkey: string, hotkey: string) => `s/${coldkey}/${hotkey}`,
  subnet: (netuid: number) => `n/${netuid}`,
  neuron: (netuid: number, uid: number) => `u/${netuid}/${uid}`,
  uidOf: (netuid: number, hotkey: string) => `h/${netuid}/${hotkey}`,
  weights: (netuid: number, uid: number) => `w/${netuid}/${uid}`,
  bonds: (netuid: number, uid: number) => `b/${netuid}/${uid}`,
  /** A hotkey's pending weight commits on a subnet (commit-reveal; calls/weight-commits.ts). */
  weightCommits: (netuid: number, hotkey: string) => `r/${netuid}/${hotkey}`,
};

export const stakePrefixOf = (coldkey: string) => `s/${coldkey}/`;

/** Keys whose values are raw sparse u16 rows rather than canonical JSON records. */
export function isRowKey(key: string): boolean {
  return key.startsWith("w/") || key.startsWith("b/");
}

/** Key families that change what a subnet's metagraph shows (used to invalidate the cached snapshot). */
export function touchesMetagraph(key: string): boolean {
  const p = key[0];
  return p === "u" || p === "n" || p === "k" || p === "w" || p === "b" || p === "h";
}
