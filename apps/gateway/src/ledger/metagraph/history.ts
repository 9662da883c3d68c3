// Per-epoch metagraph history. Each snapshot is split in two deflated protobufs: identity columns
// (hotkeys, coldkeys, registration blocks, axons), stored once per distinct content and shared by every
// epoch in which they did not change, and the numeric consensus columns, stored per epoch.

import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { clone, create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type Metagraph,
  MetagraphSchema,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { MetagraphSnapshotRow } from "../storage/store";

export function encodeSnapshot(m: Metagraph): MetagraphSnapshotRow {
  const identity = create(MetagraphSchema, {
    hotkeys: m.hotkeys,
    coldkeys: m.coldkeys,
    blockAtRegistration: m.blockAtRegistration,
    axons: m.axons,
  });
  const data = clone(MetagraphSchema, m);
  data.hotkeys = [];
  data.coldkeys = [];
  data.blockAtRegistration = [];
  data.axons = [];
  data.weights = [];
  data.bonds = [];
  const identityBytes = deflateRawSync(toBinary(MetagraphSchema, identity));
  return {
    netuid: m.netuid,
    block: Number(m.block),
    identityHash: createHash("sha256").update(identityBytes).digest(),
    identity: identityBytes,
    data: deflateRawSync(toBinary(MetagraphSchema, data)),
  };
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
