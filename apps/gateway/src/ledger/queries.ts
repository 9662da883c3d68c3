// Read-side views of the node as protobuf messages (what LedgerService returns).
import { create, fromBinary } from "@bufbuild/protobuf";
import {
  type Account,
  AccountSchema,
  type Block,
  BlockHeaderSchema,
  BlockSchema,
  type BlockSummary,
  BlockSummarySchema,
  type ChainInfo,
  ChainInfoSchema,
  EpochEmissionSchema,
  EventSchema,
  ExtrinsicRecordSchema,
  ExtrinsicResultSchema,
  ExtrinsicSchema,
  type GetGenesisResponse,
  GetGenesisResponseSchema,
  HyperparametersSchema,
  type Metagraph,
  type Neuron,
  NeuronEpochSchema,
  NeuronSchema,
  type RawBlock,
  RawBlockSchema,
  SparseRowSchema,
  StakeEntrySchema,
  type Subnet,
  SubnetSchema,
} from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { nextEpochBlock } from "./epoch/schedule";
import { sparseRow } from "./metagraph/build";
import { EpochInputQueries } from "./metagraph/epoch-input-query";
import { decodeData, decodeIdentity, decodeSnapshot } from "./metagraph/history";
import type { LedgerNode } from "./node";
import { getAccount, getChain, getHotkey, getNeuron, getRow, getSubnet, uidOf } from "./state/access";
import { requireAddress } from "./state/address";
import { decodeRow } from "./state/codec";
import { fail } from "./state/errors";
import type { Event } from "./state/events";
import { keys, stakePrefixOf } from "./state/keys";
import { isImmune } from "./state/registration";
import type { SubnetInfo } from "./state/types";
import type { BlockRow, ExtrinsicRow } from "./storage/store";

/**
 * Default page budget: list reads stop adding items once their encoded size would pass it (one item always
 * goes in; a block's size is bounded by the chain's max_block_bytes, an extrinsic's by max_extrinsic_bytes).
 */
export const DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

/** Encoded size of a record as GetBlock/ListAccountExtrinsics send it: the bytes twice (raw and decoded). */
const recordBytes = (x: ExtrinsicRow) => 2 * x.bytes.length + x.result.length + 64;

export class LedgerQueries {
  private readonly identityCache = new Map<string, Metagraph>();
  private epochInputQueries?: EpochInputQueries;

  constructor(
    readonly node: LedgerNode,
    readonly pageBytes = DEFAULT_PAGE_BYTES,
  ) {}

  /** GetEpochInput, ListEpochs and past matrices (metagraph/epoch-input-query.ts), same page budget. */
  get epochs(): EpochInputQueries {
    this.epochInputQueries ??= new EpochInputQueries(this.node, this.pageBytes);
    return this.epochInputQueries;
  }

  chainInfo(): ChainInfo {
    const n = this.node;
    const chain = getChain(n.state);
    let pending = 0n;
    let neurons = 0;
    let subnets = 0;
    for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
      const s = getSubnet(n.state, netuid);
      if (!s) continue;
      subnets++;
      pending += s.pendingEmission;
      neurons += s.n;
    }
    return create(ChainInfoSchema, {
      chainId: n.params.chainId,
      genesisHash: n.params.genesisHash,
      bestNumber: n.bestNumber,
      bestHash: n.bestRow.hash,
      specVersion: n.params.specVersion,
      blockTimeMs: n.blockTimeMs,
      bestTimestamp: BigInt(n.bestRow.timestamp),
      totalIssuance: chain.issuance,
      totalStake: chain.totalStake,
      totalBurned: chain.burned,
      totalFree: chain.issuance - chain.burned - chain.totalStake - pending,
      totalPendingEmission: pending,
      subnetCount: subnets,
      neuronCount: neurons,
      authority: n.params.authority,
      follower: n.isFollower,
      fee: n.params.fee,
      feePerByte: n.params.feePerByte,
      faucetEnabled: n.params.faucet !== null,
    });
  }

  summary(row: BlockRow): BlockSummary {
    return create(BlockSummarySchema, {
      header: fromBinary(BlockHeaderSchema, row.header),
      hash: row.hash,
      extrinsicCount: row.extrinsic_count,
    });
  }

  /**
   * The header, the block's events and one page of its extrinsics from index `start`: as many as fit in the
   * page budget, at least one; `nextExtrinsic` continues (0: this page ends the block).
   */
  block(id: { number?: bigint; hash?: Uint8Array }, start = 0): Block {
    const store = this.node.store;
    const row =
      id.hash !== undefined
        ? store.blockByHash(id.hash)
        : store.blockByNumber(Number(id.number ?? this.node.bestNumber));
    if (!row) fail("BlockNotFound", "no block with that number or hash");
    const count = row.extrinsic_count;
    if (start > count) fail("BadRequest", `extrinsics_start ${start}: the block has ${count} extrinsics`);
    const all = start < count ? store.extrinsicsOfBlock(row.number) : [];
    const page = takeWithin(all.slice(start), recordBytes, this.pageBytes);
    const next = start + page.length;
    return create(BlockSchema, {
      header: fromBinary(BlockHeaderSchema, row.header),
      hash: row.hash,
      extrinsics: page.map((x) => this.record(x)),
      events: (JSON.parse(row.events) as Event[]).map((e) => create(EventSchema, e)),
      extrinsicCount: count,
      nextExtrinsic: next < count ? next : 0,
    });
  }

  /**
   * Full blocks as stored, for followers: at most `limit` (≤ 64) and the page budget, but at least one (a
   * block is bounded by max_block_bytes). `next` is the start of the following page, 0 at the best block.
   */
  rawBlocks(start: bigint, limit: number): { blocks: RawBlock[]; next: bigint } {
    const out: RawBlock[] = [];
    // Only blocks on disk: a follower must never hold a block a power cut could take from its authority.
    const best = this.node.durableNumber;
    let bytes = 0;
    let n = start;
    for (; n <= best && out.length < clampLimit(limit, 16, 64); n++) {
      const row = this.node.store.blockByNumber(Number(n));
      if (!row) break;
      const extrinsics = this.node.store.extrinsicsOfBlock(row.number).map((x) => x.bytes);
      bytes += row.header.length + 16 + extrinsics.reduce((t, x) => t + x.length + 4, 0);
      if (out.length > 0 && bytes > this.pageBytes) break;
      out.push(create(RawBlockSchema, { number: n, header: row.header, extrinsics }));
    }
    return { blocks: out, next: n <= best && out.length > 0 ? n : 0n };
  }

  genesis(): GetGenesisResponse {
    const json = this.node.store.getMeta("genesis");
    return create(GetGenesisResponseSchema, {
      genesisJson: json === undefined ? "" : Buffer.from(json).toString("utf8"),
      genesisHash: this.node.params.genesisHash,
    });
  }

  listBlocks(before: bigint, limit: number): BlockSummary[] {
    const from = before === 0n ? this.node.bestNumber : before - 1n;
    return this.node.store.listBlocks(Number(from), clampLimit(limit, 20, 100)).map((r) => this.summary(r));
  }

  record(x: ExtrinsicRow) {
    let decoded: ReturnType<typeof fromBinary<typeof ExtrinsicSchema>> | undefined;
    try {
      decoded = fromBinary(ExtrinsicSchema, x.bytes);
    } catch {
      decoded = undefined;
    }
    return create(ExtrinsicRecordSchema, {
      hash: x.hash,
      blockNumber: BigInt(x.block),
      index: x.idx,
      extrinsic: x.bytes,
      decoded,
      result: fromBinary(ExtrinsicResultSchema, x.result),
    });
  }

  extrinsic(hash: Uint8Array) {
    const row = this.node.store.extrinsic(hash);
    if (!row) fail("ExtrinsicNotFound", "no included extrinsic has that hash (it may still be in the pool)");
    return this.record(row);
  }

  /** Newest first, strictly older than (beforeBlock, beforeIndex); beforeBlock 0 = from the newest. */
  accountExtrinsics(address: string, beforeBlock: bigint, limit: number, beforeIndex = 0) {
    requireAddress(address, "address");
    // Index 0 of a block keeps the old meaning (older blocks only); a later index pages within the block.
    const [block, index] =
      beforeBlock === 0n ? [Number.MAX_SAFE_INTEGER, 0] : [Number(beforeBlock), beforeIndex];
    const rows = this.node.store.accountExtrinsics(address, block, index, clampLimit(limit, 20, 100));
    const page = takeWithin(rows, recordBytes, this.pageBytes);
    return { extrinsics: page.map((x) => this.record(x)), truncated: page.length < rows.length };
  }

  account(address: string): Account {
    requireAddress(address, "address");
    const n = this.node;
    const info = getAccount(n.state, address);
    const stakes = [];
    for (const [key, value] of n.state.entries) {
      // Keys are s/<coldkey>/<hotkey>; the in-memory map is scanned (accounts hold few stakes).
      if (key.startsWith(stakePrefixOf(address))) {
        const hotkey = key.slice(stakePrefixOf(address).length);
        stakes.push(create(StakeEntrySchema, { coldkey: address, hotkey, amount: value as bigint }));
      }
    }
    const nominators = (getHotkey(n.state, address)?.nominators ?? []).map((coldkey) =>
      create(StakeEntrySchema, {
        coldkey,
        hotkey: address,
        amount: (n.state.get(keys.stake(coldkey, address)) as bigint | undefined) ?? 0n,
      }),
    );
    return create(AccountSchema, { address, free: info.free, nonce: info.nonce, stakes, nominators });
  }

  subnet(netuid: number): Subnet {
    const s = getSubnet(this.node.state, netuid);
    if (!s) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
    return this.subnetProto(s);
  }

  subnets(): Subnet[] {
    const out: Subnet[] = [];
    const chain = getChain(this.node.state);
    for (let netuid = 1; netuid < chain.nextNetuid; netuid++) {
      const s = getSubnet(this.node.state, netuid);
      if (s) out.push(this.subnetProto(s));
    }
    return out;
  }

  private subnetProto(s: SubnetInfo): Subnet {
    const best = this.node.durableNumber;
    return create(SubnetSchema, {
      netuid: s.netuid,
      name: s.name,
      modality: s.modality,
      owner: s.owner,
      hyperparameters: create(HyperparametersSchema, { ...s.hp }),
      burn: s.burn,
      neuronCount: s.n,
      pendingEmission: s.pendingEmission,
      lastEpochBlock: s.lastEpochBlock,
      nextEpochBlock: nextEpochBlock(best + 1n, s.netuid, s.hp.tempo),
      registrationsThisInterval: s.regsThisInterval,
      registeredAt: s.registeredAt,
    });
  }

  /** With weights/bonds: the matrix rows from uid `rowsStart` up to the page budget (at least one row). */
  metagraph(
    netuid: number,
    atBlock: bigint | undefined,
    weights: boolean,
    bonds: boolean,
    rowsStart = 0,
  ): Metagraph {
    if (atBlock !== undefined && atBlock < this.node.bestNumber) {
      const row = this.node.store.metagraphAt(netuid, Number(atBlock));
      if (!row) fail("MetagraphNotFound", `subnet ${netuid} had no epoch at or before block ${atBlock}`);
      const past = decodeSnapshot(row.identity, row.data);
      if (!weights && !bonds) return past;
      // The matrices come from the epoch input history: weights as the epoch read them, bonds as it wrote
      // them; epochs from before the history was kept answer HistoryNotKept.
      return this.epochs.pastMatrixPage(past, row.block, weights, bonds, rowsStart);
    }
    const columns = this.node.currentMetagraph(netuid);
    if (!weights && !bonds) return columns;
    return this.matrixPage(columns, weights, bonds, rowsStart);
  }

  /** The cached columns with one page of weight/bond rows (a copy: the cached message is shared). */
  private matrixPage(columns: Metagraph, weights: boolean, bonds: boolean, start: number): Metagraph {
    const { netuid, n } = columns;
    if (start > 0 && start >= n) fail("BadRequest", `rows_start ${start}: subnet ${netuid} has ${n} uids`);
    const state = this.node.state;
    const out: Metagraph = { ...columns, weights: [], bonds: [], nextRow: 0 };
    let bytes = 0;
    for (let uid = start; uid < n; uid++) {
      const w = weights ? sparseRow(getRow(state, keys.weights(netuid, uid))) : undefined;
      const b = bonds ? sparseRow(getRow(state, keys.bonds(netuid, uid))) : undefined;
      // Packed varints: a uid below 16384 takes 2 bytes, a u16 value at most 3.
      bytes += 8 + 5 * ((w?.uids.length ?? 0) + (b?.uids.length ?? 0));
      if (uid > start && bytes > this.pageBytes) {
        out.nextRow = uid;
        break;
      }
      if (w) out.weights.push(w);
      if (b) out.bonds.push(b);
    }
    return out;
  }

  neuron(netuid: number, id: { uid?: number; hotkey?: string }, historyLimit: number): Neuron {
    const state = this.node.state;
    const subnet = getSubnet(state, netuid);
    if (!subnet) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
    const uid = id.hotkey !== undefined ? uidOf(state, netuid, id.hotkey) : id.uid;
    if (uid === undefined || uid >= subnet.n) fail("NeuronNotFound", `no such neuron on subnet ${netuid}`);
    const nr = getNeuron(state, netuid, uid)!;
    const received = { uids: [] as number[], values: [] as number[] };
    for (let i = 0; i < subnet.n; i++) {
      const row = getRow(state, keys.weights(netuid, i));
      if (!row) continue;
      const { uids, values } = decodeRow(row);
      const k = uids.indexOf(uid);
      if (k >= 0) {
        received.uids.push(i);
        received.values.push(values[k]);
      }
    }
    const history = [];
    for (const h of this.node.store.metagraphHistory(netuid, clampLimit(historyLimit, 20, 500))) {
      const identity = this.identity(h.identityHash);
      if (identity.hotkeys[uid] !== nr.hotkey) continue;
      const d = decodeData(h.data);
      history.push(
        create(NeuronEpochSchema, {
          block: BigInt(h.block),
          stake: d.stake[uid],
          rank: d.rank[uid],
          trust: d.trust[uid],
          consensus: d.consensus[uid],
          incentive: d.incentive[uid],
          dividends: d.dividends[uid],
          emission: d.emission[uid],
          validatorTrust: d.validatorTrust[uid],
          validatorPermit: d.validatorPermit[uid],
          active: d.active[uid],
        }),
      );
    }
    const toRow = (bytes: Uint8Array | undefined) => {
      if (!bytes) return create(SparseRowSchema);
      const r = decodeRow(bytes);
      return create(SparseRowSchema, { uids: Array.from(r.uids), values: Array.from(r.values) });
    };
    return create(NeuronSchema, {
      netuid,
      uid,
      hotkey: nr.hotkey,
      coldkey: nr.coldkey,
      stake: getHotkey(state, nr.hotkey)?.totalStake ?? 0n,
      rank: nr.rank,
      trust: nr.trust,
      consensus: nr.consensus,
      incentive: nr.incentive,
      dividends: nr.dividends,
      emission: nr.emission,
      validatorTrust: nr.validatorTrust,
      validatorPermit: nr.validatorPermit,
      active: nr.active,
      lastUpdate: nr.lastUpdate,
      blockAtRegistration: nr.registeredAt,
      pruningScore: nr.pruningScore,
      axon: nr.axon ? { ...nr.axon } : undefined,
      immune: isImmune(nr, subnet, this.node.bestNumber),
      weights: toRow(getRow(state, keys.weights(netuid, uid))),
      weightsReceived: create(SparseRowSchema, received),
      bonds: toRow(getRow(state, keys.bonds(netuid, uid))),
      history,
    });
  }

  private identity(hash: Uint8Array): Metagraph {
    const key = Buffer.from(hash).toString("hex");
    let m = this.identityCache.get(key);
    if (!m) {
      const data = this.node.store.db
        .prepare("SELECT data FROM metagraph_identity WHERE hash = ?")
        .pluck()
        .get(hash) as Uint8Array;
      m = decodeIdentity(data);
      if (this.identityCache.size > 64) this.identityCache.clear();
      this.identityCache.set(key, m);
    }
    return m;
  }

  emissionHistory(netuid: number, limit: number) {
    if (!getSubnet(this.node.state, netuid)) fail("SubnetNotFound", `subnet ${netuid} does not exist`);
    return this.node.store.emissionHistory(netuid, clampLimit(limit, 20, 1000)).map((r) =>
      create(EpochEmissionSchema, {
        block: BigInt(r.block),
        total: BigInt(r.total),
        server: BigInt(r.server),
        validator: BigInt(r.validator),
        owner: BigInt(r.owner),
      }),
    );
  }
}

/** The longest prefix of `items` whose sizes add up to at most `budget`, but at least one item. */
function takeWithin<T>(items: T[], size: (item: T) => number, budget: number): T[] {
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += size(items[i]);
    if (i > 0 && total > budget) return items.slice(0, i);
  }
  return items;
}

function clampLimit(limit: number, fallback: number, max: number): number {
  if (!limit) return fallback;
  return Math.min(limit, max);
}
