// Saving a JSON backup as a file download: the record is already encrypted (the keystore keeps exactly
// this), so nothing secret is written in the clear. The Blob URL is revoked right after the click.
import type { PolkadotAccountJson } from "../../../../../src/shared/keys/polkadot-json";
import type { AccountInfo } from "../keystore";

export function backupFileName(account: Pick<AccountInfo, "name" | "address">): string {
  const safe = account.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "account";
  return `${safe}-${account.address.slice(0, 8)}.json`;
}

export function downloadJson(
  json: PolkadotAccountJson,
  account: Pick<AccountInfo, "name" | "address">,
): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = backupFileName(account);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
