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

export function encodeSnapshot(m: Metagraph): MetagraphSnapshotRow {
  const { identity, data } = snapshotParts(m);
  const identityBytes = deflateRawSync(identity);
  return snapshotRow(m, identityBytes, deflateRawSync(data));
}

/** encodeSnapshot with both deflates on libuv's pool, off the event loop; the same bytes. */
export async function encodeSnapshotOffLoop(m: Metagraph): Promise<MetagraphSnapshotRow> {
  const { identity, data } = snapshotParts(m);
  const [identityBytes, dataBytes] = await Promise.all([deflateAsync(identity), deflateAsync(data)]);
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

/** The identity columns and the rest, as protobuf before deflating. */
function snapshotParts(m: Metagraph): { identity: Uint8Array; data: Uint8Array } {
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
  return { identity: toBinary(MetagraphSchema, identity), data: toBinary(MetagraphSchema, data) };
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
