// State keys. Each record lives under a short prefix; the key string is also its canonical encoding for the
// state root and its primary key in SQLite, so a prefix scan there finds e.g. all stakes of a coldkey.

export const CHAIN_KEY = "c";

export const keys = {
  account: (address: string) => `a/${address}`,
  hotkey: (hotkey: string) => `k/${hotkey}`,
  stake: (coldkey: string, hotkey: string) => `s/${coldkey}/${hotkey}`,
  subnet: (netuid: number) => `n/${netuid}`,
  neuron: (netuid: number, uid: number) => `u/${netuid}/${uid}`,
  uidOf: (netuid: number, hotkey: string) => `h/${netuid}/${hotkey}`,
  weights: (netuid: number, uid: number) => `w/${netuid}/${uid}`,
  bonds: (netuid: number, uid: number) => `b/${netuid}/${uid}`,
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
