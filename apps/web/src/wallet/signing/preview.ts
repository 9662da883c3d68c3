// The one decoded preview every signing shows before asking for a password: the call and its arguments in
// tokens, the exact fee, the nonce, the expiry and the balance after. Pure, from the SignedPayload that will be
// signed, so what is shown is what is signed (a preview built from form fields could drift from the bytes).

import { type FeeParams, payloadFee } from "../../../../../src/shared/extrinsics/fee";
import type { SignedPayload } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { exactTao } from "../../format";
import { describeCall } from "../../lib/calls";

export interface PreviewContext {
  /** ChainInfo's fee parameters and the best block (for the expiry's countdown). */
  chain: FeeParams & { bestNumber: bigint; blockTimeMs: number };
  /** The signer's free balance now, rao. */
  free: bigint;
  /** register_subnet's lock cost, where the page knows it (the chain does not publish it). */
  subnetLockCost?: bigint;
}

export type RowKind = "text" | "address" | "amount" | "block";

export interface PreviewRow {
  /** Stable, for tests and data-testid: "call", "arg:dest", "fee", "nonce", "expiry", "after"... */
  key: string;
  label: string;
  value: string;
  kind: RowKind;
}

export interface Preview {
  /** The call's name as in SPEC §3.2 ("transfer", "burned_register"...). */
  call: string;
  rows: PreviewRow[];
  fee: bigint;
  /** The signer's free balance once included; undefined when the page cannot know it (a subnet lock). */
  balanceAfter: bigint | undefined;
  /** False when the balance does not cover fee and amounts: signing would be refused. */
  affordable: boolean;
}

/**
 * What the call takes from the signer's free balance besides the fee (negative: gives back), as the ledger
 * applies it (apps/gateway/src/ledger/calls). undefined: not known here.
 */
function spent(payload: SignedPayload, free: bigint, fee: bigint, lockCost?: bigint): bigint | undefined {
  const c = payload.call?.call;
  switch (c?.case) {
    case "transfer":
    case "addStake":
      return c.value.amount;
    case "transferAll":
      // Everything left after the fee.
      return free > fee ? free - fee : 0n;
    case "removeStake":
      return -c.value.amount;
    case "burnedRegister":
      // The ledger burns the subnet's burn at inclusion, never more than max_burn.
      return c.value.maxBurn ?? 0n;
    case "registerSubnet":
      return lockCost;
    default:
      return 0n;
  }
}

export function previewPayload(payload: SignedPayload, ctx: PreviewContext): Preview {
  const described = describeCall(payload.call);
  const fee = payloadFee(ctx.chain, payload);
  const out = spent(payload, ctx.free, fee, ctx.subnetLockCost);
  const balanceAfter = out === undefined ? undefined : ctx.free - fee - out;
  const rows: PreviewRow[] = [{ key: "call", label: "Call", value: described.name, kind: "text" }];
  for (const arg of described.args) {
    rows.push({
      key: `arg:${arg.name}`,
      label: arg.name,
      value: arg.kind === "amount" ? `${arg.value} τ` : arg.value,
      kind: arg.kind,
    });
  }
  if (payload.call?.call.case === "transferAll") {
    rows.push({
      key: "arg:amount",
      label: "amount (all after the fee)",
      value: `${exactTao(out ?? 0n)} τ`,
      kind: "amount",
    });
  }
  rows.push({ key: "signer", label: "Signer", value: payload.signer, kind: "address" });
  rows.push({ key: "fee", label: "Fee", value: `${exactTao(fee)} τ`, kind: "amount" });
  if (payload.tip > 0n)
    rows.push({ key: "tip", label: "Tip (in the fee)", value: `${exactTao(payload.tip)} τ`, kind: "amount" });
  rows.push({ key: "nonce", label: "Nonce", value: payload.nonce.toString(), kind: "text" });
  rows.push({
    key: "expiry",
    label: "Expires",
    value: expiry(payload.validUntilBlock, ctx.chain),
    kind: "block",
  });
  rows.push({ key: "free", label: "Balance now", value: `${exactTao(ctx.free)} τ`, kind: "amount" });
  rows.push({
    key: "after",
    label: "Balance after",
    value:
      balanceAfter === undefined
        ? `${exactTao(ctx.free - fee)} τ less the subnet lock cost`
        : `${balanceAfter < 0n ? "−" : ""}${exactTao(balanceAfter < 0n ? -balanceAfter : balanceAfter)} τ` +
          (payload.call?.call.case === "burnedRegister"
            ? " (at least: the burn paid is at most max_burn)"
            : ""),
    kind: "amount",
  });
  return {
    call: described.name,
    rows,
    fee,
    balanceAfter,
    affordable: balanceAfter === undefined ? ctx.free >= fee : balanceAfter >= 0n,
  };
}

/** "after block 1234 (in 64 blocks, about 13 s)"; 0 means the extrinsic never expires. */
function expiry(validUntil: bigint, chain: PreviewContext["chain"]): string {
  if (validUntil === 0n) return "never (no valid_until_block)";
  const left = validUntil - chain.bestNumber;
  if (left < 0n) return `block #${validUntil} (already past)`;
  const seconds = Math.round((Number(left) * chain.blockTimeMs) / 1000);
  return `block #${validUntil} (in ${left} blocks, about ${seconds} s)`;
}
