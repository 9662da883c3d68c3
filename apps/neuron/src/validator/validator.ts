// A validator (SPEC §5): samples held-out text, queries servers of its subnet, scores their cross-entropy,
// keeps an EMA per uid and sets weights within the subnet's rate limit, at least once per tempo.
// A "colluding" validator skips the work and puts all its weight on one favourite server.
import type { Metagraph, Modality, Subnet } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import {
  buildCausalLmRequest,
  causalLmLoss,
  readCausalLmResponse,
} from "../../../../src/shared/neuron/causal-lm";
import type { ForwardClient } from "../peers/forward-client";
import { choosePeers, type RankedPeer, servingPeers } from "./peer-selection";
import { sampleWindows, seededRandom } from "./sampler";
import { lossToScore, ScoreBook } from "./scoring";
import { scoresToWeights, type WeightRow } from "./weights";

export interface ValidatorDeps {
  hotkey: Keypair;
  netuid: number;
  heldOut: Uint8Array;
  forward: ForwardClient;
  /** Latest metagraph and subnet (hyperparameters, modality). */
  view: () => { metagraph: Metagraph; subnet: Subnet; block: bigint };
  /** Submits set_weights signed by the hotkey; resolves when included (ok) or refused. */
  setWeights: (row: WeightRow) => Promise<{ ok: boolean; error?: string }>;
  seed?: number;
  batch?: number;
  seq?: number;
  peersPerStep?: number;
  explore?: number;
  timeoutMs?: number;
  /** Colluding mode: the hotkey that gets all our weight. */
  favourite?: string;
  onEvent?: (event: ValidatorEvent) => void;
}

export type ValidatorEvent =
  | { kind: "scored"; uid: number; hotkey: string; loss?: number; score: number; ema: number; error?: string }
  | { kind: "weights"; block: bigint; row: WeightRow; ok: boolean; error?: string };

export class Validator {
  readonly scores = new ScoreBook();
  private readonly random: () => number;
  private lastSetBlock: bigint | undefined;

  constructor(private readonly deps: ValidatorDeps) {
    this.random = seededRandom(deps.seed ?? 1);
  }

  /** One round of queries and scoring. Returns the uids queried. */
  async step(): Promise<number[]> {
    if (this.deps.favourite) return [];
    const { metagraph, subnet } = this.deps.view();
    this.scores.reconcile(metagraph.hotkeys);
    const ranked = servingPeers(metagraph, subnet.modality as Modality, this.deps.hotkey.ss58);
    const peers = choosePeers(ranked, this.deps.peersPerStep ?? 8, this.deps.explore ?? 0.25, this.random);
    const batch = this.deps.batch ?? 4;
    const seq = this.deps.seq ?? 64;
    const tokens = sampleWindows(this.deps.heldOut, batch, seq, this.random);
    const request = buildCausalLmRequest({ tokens, batch, seq, netuid: this.deps.netuid });
    await Promise.all(peers.map((p) => this.score(p, request, tokens, batch, seq)));
    return peers.map((p) => p.uid);
  }

  private async score(
    peer: RankedPeer,
    request: ReturnType<typeof buildCausalLmRequest>,
    tokens: Uint8Array,
    batch: number,
    seq: number,
  ): Promise<void> {
    const outcome = await this.deps.forward.forward(peer, request, this.deps.timeoutMs ?? 3_000);
    let loss: number | undefined;
    let error: string | undefined;
    if (outcome.ok) {
      try {
        loss = causalLmLoss(readCausalLmResponse(outcome.response, batch, seq), tokens, batch, seq);
      } catch (e) {
        error = (e as Error).message;
      }
    } else {
      error = `${outcome.code}: ${outcome.message}`;
    }
    const score = lossToScore(loss);
    const ema = this.scores.observe(peer.uid, peer.hotkey, score);
    this.deps.onEvent?.({ kind: "scored", uid: peer.uid, hotkey: peer.hotkey, loss, score, ema, error });
  }

  /** The row we would submit now. */
  weightRow(): WeightRow {
    const { metagraph, subnet } = this.deps.view();
    const selfUid = metagraph.hotkeys.indexOf(this.deps.hotkey.ss58);
    const hp = subnet.hyperparameters;
    if (this.deps.favourite) {
      const uid = metagraph.hotkeys.indexOf(this.deps.favourite);
      if (uid >= 0) return { uids: [uid], weights: [65535] };
    }
    return scoresToWeights(this.scores.snapshot(), {
      selfUid: selfUid >= 0 ? selfUid : undefined,
      maxWeightLimit: hp?.maxWeightLimit,
      minAllowedWeights: hp?.minAllowedWeights,
    });
  }

  /**
   * Sets weights when due: never within the rate limit, and at least every half tempo so no epoch passes
   * without our row being fresh (activity_cutoff counts from last_update).
   */
  async maybeSetWeights(): Promise<boolean> {
    const { subnet, block, metagraph } = this.deps.view();
    if (!metagraph.hotkeys.includes(this.deps.hotkey.ss58)) return false;
    const hp = subnet.hyperparameters;
    const rateLimit = BigInt(hp?.weightsSetRateLimit ?? 0);
    const tempo = BigInt(hp?.tempo ?? 100);
    const every = tempo / 2n > rateLimit ? tempo / 2n : rateLimit + 1n;
    if (this.lastSetBlock !== undefined && block - this.lastSetBlock < every) return false;
    const row = this.weightRow();
    if (row.uids.length === 0) return false;
    const result = await this.deps.setWeights(row);
    this.deps.onEvent?.({ kind: "weights", block, row, ok: result.ok, error: result.error });
    if (result.ok) this.lastSetBlock = block;
    return result.ok;
  }
}
