// `neuralmesh client --netuid N`: a client process over the ledger. It follows its subnet's metagraph,
// distils from the best-ranked servers of the subnet's modality and reports held-out losses.
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { type Corpus, loadCorpus } from "../models/corpus";
import { ForwardClient } from "../peers/forward-client";
import { MetagraphCache } from "../peers/metagraph-cache";
import type { LedgerClient, NeuronLogger } from "../runtime/types";
import { type ClientOptions, type ClientReport, runDistillation } from "./client";
import { metagraphPeerSource, rankedPeers } from "./peer-source";

export interface RunClientOptions {
  ledger: LedgerClient;
  netuid: number;
  hotkey: Keypair;
  steps: number;
  /** Best-ranked peers asked per step (default 3). */
  peers?: number;
  seed?: number;
  log: NeuronLogger;
  /** Defaults to the project's corpus (npm's docs); tests may pass it to avoid reloading. */
  corpus?: Corpus;
  /** Fine-tuning of the loop (batch, seq, alpha, lr, student, timeoutMs, onStep). */
  tuning?: Partial<Omit<ClientOptions, "netuid" | "peers" | "forward" | "steps" | "seed" | "peerCount">>;
}

export async function runClient(opts: RunClientOptions): Promise<ClientReport> {
  const subnet = await opts.ledger.getSubnet({ netuid: opts.netuid });
  // Only the text synapse exists (TEXT_CAUSAL_LM); another modality has no model this client could train.
  if (subnet.modality !== Modality.TEXT) {
    throw new Error(
      `netuid ${opts.netuid} serves ${Modality[subnet.modality] ?? subnet.modality}; the client trains text`,
    );
  }
  const cache = await new MetagraphCache(opts.ledger, opts.netuid).start();
  try {
    // Axons answer only callers registered on their subnet (SPEC §5): unregistered, it would learn nothing.
    if (cache.uidOf(opts.hotkey.ss58) === undefined) {
      throw new Error(`client hotkey ${opts.hotkey.ss58} is not registered on netuid ${opts.netuid}`);
    }
    const available = rankedPeers(cache.metagraph, subnet.modality, opts.hotkey.ss58);
    if (available.length === 0) throw new Error(`no serving peers on netuid ${opts.netuid}`);
    const peerCount = opts.peers ?? 3;
    opts.log.info("client started", {
      netuid: opts.netuid,
      steps: opts.steps,
      peers: available.slice(0, peerCount).map((p) => ({ uid: p.uid, incentive: p.rank })),
    });
    const corpus = opts.corpus ?? loadCorpus();
    const report = await runDistillation({
      ...opts.tuning,
      netuid: opts.netuid,
      peers: metagraphPeerSource(() => cache.metagraph, subnet.modality, opts.hotkey.ss58),
      forward: new ForwardClient(opts.hotkey),
      train: opts.tuning?.train ?? corpus.train,
      heldOut: opts.tuning?.heldOut ?? corpus.heldOut,
      steps: opts.steps,
      peerCount,
      seed: opts.seed,
    });
    for (const p of report.peers) {
      if (p.answered < p.asked) {
        opts.log.warn("peer did not always answer", { uid: p.uid, asked: p.asked, error: p.lastError });
      }
    }
    opts.log.info("client finished", {
      steps: report.steps,
      distilledLoss: report.distilledLoss,
      textOnlyLoss: report.textOnlyLoss,
      fallbackSteps: report.fallbackSteps,
    });
    return report;
  } finally {
    cache.stop();
  }
}
