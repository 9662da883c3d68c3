// Recognises what a person typed into the search box (issue 8 §8).
import { isValidAddress } from "../../../../src/shared/keys/ss58";

export type SearchTarget =
  | { kind: "block"; number: number }
  | { kind: "hash"; hex: string }
  | { kind: "address"; address: string }
  | { kind: "uid"; netuid: number; uid: number };

/** Where a target lives in the app. A hash may be a block or an extrinsic: /hash resolves which. */
export function targetPath(t: SearchTarget): string {
  switch (t.kind) {
    case "block":
      return `/blocks/${t.number}`;
    case "hash":
      return `/hash/${t.hex}`;
    case "address":
      return `/accounts/${t.address}`;
    case "uid":
      return `/subnets/${t.netuid}/neurons/${t.uid}`;
  }
}

export function targetLabel(t: SearchTarget): string {
  switch (t.kind) {
    case "block":
      return `Block #${t.number}`;
    case "hash":
      return "Block or extrinsic with this hash";
    case "address":
      return "Account (hotkey or coldkey)";
    case "uid":
      return `UID ${t.uid} in subnet ${t.netuid}`;
  }
}

/**
 * All targets the text may mean, the likeliest first. A bare number is a block first and a uid of the
 * current subnet second; "uid 12" or "u12" asks for the uid, "#12" or "block 12" for the block.
 */
export function recognizeSearch(
  text: string,
  currentNetuid: number | undefined,
  /** How many UIDs the subnet has, when known: a uid at or past it does not exist and is not offered. */
  uidCount?: number,
): SearchTarget[] {
  const q = text.trim();
  const exists = (uid: number) => uidCount === undefined || uid < uidCount;
  if (q === "") return [];
  const uid = /^(?:uid\s*:?\s*|u)(\d{1,5})$/i.exec(q);
  if (uid) {
    return currentNetuid === undefined || !exists(Number(uid[1]))
      ? []
      : [{ kind: "uid", netuid: currentNetuid, uid: Number(uid[1]) }];
  }
  const block = /^(?:#|block\s*:?\s*)(\d{1,15})$/i.exec(q);
  if (block) return [{ kind: "block", number: Number(block[1]) }];
  if (/^\d{1,15}$/.test(q.replaceAll(",", "").replaceAll("_", ""))) {
    const n = Number(q.replaceAll(",", "").replaceAll("_", ""));
    const out: SearchTarget[] = [{ kind: "block", number: n }];
    if (currentNetuid !== undefined && n <= 65535 && exists(n))
      out.push({ kind: "uid", netuid: currentNetuid, uid: n });
    return out;
  }
  if (/^(?:0x)?[0-9a-fA-F]{64}$/.test(q)) {
    const hex = (q.startsWith("0x") || q.startsWith("0X") ? q.slice(2) : q).toLowerCase();
    return [{ kind: "hash", hex: `0x${hex}` }];
  }
  if (isValidAddress(q)) return [{ kind: "address", address: q }];
  return [];
}

/** The subnet a path is about (/subnets/3/...), so a bare number can also mean a uid there. */
export function netuidFromPath(pathname: string): number | undefined {
  const m = /^\/subnets\/(\d+)/.exec(pathname);
  return m ? Number(m[1]) : undefined;
}
