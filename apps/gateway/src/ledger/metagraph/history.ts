// Per-epoch metagraph history. Each snapshot is split in two deflated protobufs: identity columns
// (hotkeys, coldkeys, registration blocks, axons), stored once per distinct content and shared by every
// epoch in which they did not change, and the numeric consensus columns, stored per epoch.

import { createHash } from "node:crypto";
import { deflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type Metagraph,
  MetagraphSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { MetagraphSnapshotRow } from "../storage/store";
import { toBinarySteps } from "./binary-in-parts";

export function encodeSnapshot(m: Metagraph): MetagraphSnapshotRow {
  const { identity, data } = snapshotParts(m);
  const identityBytes = deflateRawSync(identity);
  return snapshotRow(m, identityBytes, deflateRawSync(data));
}

/**
 * encodeSnapshot's two protobufs as steps (toBinarySteps), for the split block; deflateSnapshot then
 * deflates them on libuv's pool. The same bytes as encodeSnapshot.
 */
export function* snapshotPartsSteps(m: Metagraph): Generator<void, SnapshotParts, void> {
  const { identity, data } = snapshotMessages(m);
  return {
    identity: yield* toBinarySteps(MetagraphSchema, identity),
    data: yield* toBinarySteps(MetagraphSchema, data),
  };
}

/** The snapshot row of `m` from its parts (snapshotPartsSteps), both deflated off the event loop. */
export async function deflateSnapshot(m: Metagraph, parts: SnapshotParts): Promise<MetagraphSnapshotRow> {
  const [identityBytes, dataBytes] = await Promise.all([
    deflateAsync(parts.identity),
    deflateAsync(parts.data),
  ]);
  return snapshotRow(m, identityBytes, dataBytes);
}

function snapshotRow(m: Metagraph, identityBytes: Uint8Array, data: Uint8Array): MetagraphSnapshotRow {
  return {
    netuid: m.netuid,
    block: Number(m.block),
    identityHash: createHash("sha256").update(identityBytes).digest(),
    identity: identityBytes,
    data,
  };
}

function deflateAsync(raw: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => deflateRaw(raw, (e, out) => (e ? reject(e) : resolve(out))));
}

/** A snapshot's two protobufs (the identity columns, the rest) before deflating. */
interface SnapshotParts {
  identity: Uint8Array;
  data: Uint8Array;
}

function snapshotParts(m: Metagraph): SnapshotParts {
  const { identity, data } = snapshotMessages(m);
  return { identity: toBinary(MetagraphSchema, identity), data: toBinary(MetagraphSchema, data) };
}

/** The identity columns as one message, the rest as another. */
function snapshotMessages(m: Metagraph): { identity: Metagraph; data: Metagraph } {
  const identity = create(MetagraphSchema, {
    hotkeys: m.hotkeys,
    coldkeys: m.coldkeys,
    blockAtRegistration: m.blockAtRegistration,
    axons: m.axons,
  });
  // A shallow copy without the identity columns (a deep clone copied 4096 axon messages to drop them).
  const data: Metagraph = {
    ...m,
    hotkeys: [],
    coldkeys: [],
    blockAtRegistration: [],
    axons: [],
    weights: [],
    bonds: [],
  };
  return { identity, data };
}

export function decodeSnapshot(identity: Uint8Array, data: Uint8Array): Metagraph {
  const m = fromBinary(MetagraphSchema, inflateRawSync(data));
  const id = fromBinary(MetagraphSchema, inflateRawSync(identity));
  m.hotkeys = id.hotkeys;
  m.coldkeys = id.coldkeys;
  m.blockAtRegistration = id.blockAtRegistration;
  m.axons = id.axons;
  return m;
}

export function decodeData(data: Uint8Array): Metagraph {
  return fromBinary(MetagraphSchema, inflateRawSync(data));
}

export function decodeIdentity(identity: Uint8Array): Metagraph {
  return fromBinary(MetagraphSchema, inflateRawSync(identity));
}
