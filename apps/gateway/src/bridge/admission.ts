// The gateway's checks on a Forward call for a bridged (browser) neuron, made before the call is queued, in
// the order and with the return codes of a native axon (apps/neuron/src/miner/axon.ts, SPEC §5): the
// request signature over nm-nonce/nm-caller/nm-target and the request's bytes, the caller's registration on
// the neuron's subnet, the nonce order, the subnet. A call that fails never reaches the browser, so a flood
// of unsigned or unregistered calls cannot fill the neuron's queue; the caller's stake then orders the queue.
import { Code } from "@connectrpc/connect";
import { ReturnCode } from "../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import {
  AuthError,
  DEFAULT_NONCE_WINDOW_NS,
  HEADER_CALLER,
  NonceTracker,
  verifyRequest,
} from "../../../../src/shared/neuron/auth";
import { refusal } from "../../../../src/shared/neuron/refusal";
import { getHotkey, uidOf } from "../ledger/state/access";
import type { StateReader } from "../ledger/state/overlay";
import { verifySignature } from "../ledger/state/verify";

export interface AdmittedCall {
  caller: string;
  nonce: bigint;
  /** The caller's total stake (the metagraph's S), which orders the neuron's queue. */
  stake: bigint;
}

export class BridgeAdmission {
  /** The last nonce per caller, per bridged hotkey; kept across reconnects so a replay stays refused. */
  private readonly nonces = new Map<string, NonceTracker>();

  constructor(
    private readonly state: () => StateReader,
    private readonly windowNs: bigint = DEFAULT_NONCE_WINDOW_NS,
  ) {}

  /** The caller's signature for `target`, checked before anything else (also before looking for a session). */
  authenticate(
    header: (name: string) => string | null | undefined,
    requestBytes: Uint8Array,
    target: string,
  ): { caller: string; nonce: bigint } {
    // The ledger's node:crypto verifier, as for extrinsics and the bridge's own messages: @noble's takes
    // about 2 ms a signature, so a flood of forged calls would hold the gateway's event loop.
    const caller = header(HEADER_CALLER) ?? "";
    try {
      return verifyRequest(header, requestBytes, target, {
        windowNs: this.windowNs,
        verifier: (signature, message) => verifySignature(signature, message, caller),
      });
    } catch (e) {
      if (e instanceof AuthError) throw refusal(Code.Unauthenticated, ReturnCode.UNAUTHENTICATED, e.message);
      throw e;
    }
  }

  /**
   * Registration on the neuron's subnet, nonce order, subnet of the request; returns the caller's stake.
   * Throws the refusal a native axon gives (a ConnectError with `nm-return-code`).
   */
  admit(
    verified: { caller: string; nonce: bigint },
    neuron: { hotkey: string; netuid: number },
    requestNetuid: number,
  ): AdmittedCall {
    const state = this.state();
    const { caller, nonce } = verified;
    if (uidOf(state, neuron.netuid, caller) === undefined) {
      throw refusal(
        Code.PermissionDenied,
        ReturnCode.SENDER_UNKNOWN,
        `SenderUnknown: ${caller} is not registered on netuid ${neuron.netuid}`,
      );
    }
    // After the registration check, so only registered callers take memory here (as on a native axon).
    try {
      this.tracker(neuron.hotkey).accept(caller, nonce);
    } catch (e) {
      if (e instanceof AuthError) throw refusal(Code.Unauthenticated, ReturnCode.UNAUTHENTICATED, e.message);
      throw e;
    }
    if (requestNetuid !== neuron.netuid) {
      throw refusal(
        Code.InvalidArgument,
        ReturnCode.INVALID_REQUEST,
        `WrongSubnet: this neuron serves netuid ${neuron.netuid}`,
      );
    }
    return { caller, nonce, stake: getHotkey(state, caller)?.totalStake ?? 0n };
  }

  private tracker(hotkey: string): NonceTracker {
    let t = this.nonces.get(hotkey);
    if (!t) {
      t = new NonceTracker();
      this.nonces.set(hotkey, t);
    }
    return t;
  }
}
