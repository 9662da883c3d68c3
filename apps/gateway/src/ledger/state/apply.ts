// Applying one extrinsic (SPEC §3.2). Validity failures throw: such an extrinsic cannot be in a block.
// Once valid, the nonce and fee are consumed, and the call runs in its own overlay: if it fails, its
// changes vanish but the fee stays paid and the failure is recorded with its stable error name.
import { extrinsicFee, isHotkeyCall } from "../../../../../src/shared/extrinsics/fee";
import type { Call } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { addStake } from "../calls/add-stake";
import { burnedRegister } from "../calls/burned-register";
import { commitWeights } from "../calls/commit-weights";
import type { CallContext } from "../calls/context";
import { registerSubnet } from "../calls/register-subnet";
import { removeStake } from "../calls/remove-stake";
import { revealWeights } from "../calls/reveal-weights";
import { serveAxon } from "../calls/serve-axon";
import { setHyperparameter } from "../calls/set-hyperparameter";
import { setWeights } from "../calls/set-weights";
import { transfer, transferAll } from "../calls/transfer";
import { burn, getAccount, putAccount } from "./access";
import type { DecodedExtrinsic } from "./decode";
import { fail, LedgerError, type LedgerErrorName } from "./errors";
import type { Event } from "./events";
import { Overlay, type StateWriter } from "./overlay";
import { type ChainParams, U64_MAX } from "./params";

export interface BlockEnv {
  readonly number: bigint;
  readonly params: ChainParams;
  /** ed25519 over the payload bytes as received; injected so the node can batch, cache or skip re-checks. */
  readonly verify: (xt: DecodedExtrinsic) => boolean;
}

export interface ExtrinsicOutcome {
  readonly success: boolean;
  readonly error?: LedgerErrorName;
  readonly message?: string;
  readonly fee: bigint;
  readonly events: Event[];
}

/**
 * Coldkey calls pay the flat fee, the per-byte fee over the extrinsic's encoded length and the tip (all
 * burned); hotkey calls are free and their tip ignored. The one formula clients quote (extrinsicFee).
 */
export function feeOf(xt: DecodedExtrinsic, params: ChainParams): bigint {
  const fee = extrinsicFee(params, xt.bytes.length, xt.payload.tip, isHotkeyCall(xt.call));
  if (fee > U64_MAX) fail("AmountOverflow", "fee plus tip would exceed the 64-bit limit");
  return fee;
}

/** The checks that need no state: chain identity, version and expiry. */
export function checkStatic(xt: DecodedExtrinsic, number: bigint, params: ChainParams): void {
  const p = xt.payload;
  if (!equalBytes(p.genesisHash, params.genesisHash)) {
    fail("BadGenesis", "the extrinsic was signed for another chain (genesis hash differs)");
  }
  if (p.specVersion !== params.specVersion) {
    fail("BadSpecVersion", `spec version ${p.specVersion} is not the node's ${params.specVersion}`);
  }
  if (p.validUntilBlock !== 0n && number > p.validUntilBlock) {
    fail("Expired", `valid until block ${p.validUntilBlock}, and block ${number} is later`);
  }
}

/** What the extrinsic will take from the signer's free balance besides the fee (for the validity check). */
export function amountOf(call: Call): bigint {
  switch (call.call.case) {
    case "transfer":
    case "addStake":
      return call.call.value.amount;
    default:
      return 0n;
  }
}

export function applyExtrinsic(state: StateWriter, xt: DecodedExtrinsic, env: BlockEnv): ExtrinsicOutcome {
  checkStatic(xt, env.number, env.params);
  if (!env.verify(xt)) fail("BadSignature", "the signature does not match the payload and the signer");
  const signer = xt.payload.signer;
  const account = getAccount(state, signer);
  if (xt.payload.nonce < account.nonce) {
    fail("Stale", `nonce ${xt.payload.nonce} was already used; the account's next nonce is ${account.nonce}`);
  }
  if (xt.payload.nonce > account.nonce) {
    fail("Future", `nonce ${xt.payload.nonce} is ahead of the account's next nonce ${account.nonce}`);
  }
  const fee = feeOf(xt, env.params);
  if (account.free < fee) {
    fail("InsufficientBalance", `balance ${account.free} rao does not cover the fee of ${fee} rao`);
  }
  putAccount(state, signer, { free: account.free - fee, nonce: account.nonce + 1n });
  burn(state, fee);

  const overlay = new Overlay(state);
  const events: Event[] = [];
  const ctx: CallContext = { state: overlay, signer, block: env.number, params: env.params, events };
  try {
    dispatch(ctx, xt.payload.call!);
  } catch (e) {
    if (!(e instanceof LedgerError)) throw e;
    return { success: false, error: e.code, message: e.message, fee, events: [] };
  }
  overlay.mergeInto(state);
  return { success: true, fee, events };
}

function dispatch(ctx: CallContext, call: Call): void {
  const c = call.call;
  switch (c.case) {
    case "transfer":
      transfer(ctx, c.value.dest, c.value.amount);
      return;
    case "transferAll":
      transferAll(ctx, c.value.dest);
      return;
    case "addStake":
      addStake(ctx, c.value.hotkey, c.value.amount);
      return;
    case "removeStake":
      removeStake(ctx, c.value.hotkey, c.value.amount);
      return;
    case "burnedRegister":
      burnedRegister(ctx, c.value.netuid, c.value.hotkey, c.value.maxBurn);
      return;
    case "serveAxon":
      serveAxon(ctx, c.value.netuid, c.value.endpoint, c.value.modality, c.value.protocol, c.value.version);
      return;
    case "setWeights":
      setWeights(ctx, c.value.netuid, c.value.uids, c.value.weights, c.value.versionKey);
      return;
    case "registerSubnet":
      registerSubnet(ctx, c.value.modality, c.value.name);
      return;
    case "setHyperparameter":
      setHyperparameter(ctx, c.value.netuid, c.value.key, c.value.value);
      return;
    case "commitWeights":
      commitWeights(ctx, c.value.netuid, c.value.commitHash);
      return;
    case "revealWeights":
      revealWeights(ctx, c.value.netuid, c.value.uids, c.value.weights, c.value.salt, c.value.versionKey);
      return;
    default:
      fail("UnknownCall", "the payload carries no call this node knows");
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
