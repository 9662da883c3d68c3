// How a validator turns answers into scores (SPEC §5): a loss no better than uniform, no answer or a
// malformed answer scores 0; better losses score their margin over uniform (nats/byte) to the SCORE_POWER.
import { UNIFORM_LOSS } from "../../../../src/shared/neuron/causal-lm";

export const EMA_ALPHA = 0.1;

/**
 * A score is the margin over uniform raised to this power. Weights follow scores (SPEC §5), so the power
 * sets how sharply a row tells good servers from middling ones while staying dense and in loss order. At 1,
 * rows are nearly flat and last epoch's consensus is a good copy of them for a long while: commit-reveal
 * then takes little from a weight copier (0.73× at best). At 4, with yuma3 bonds, a 2-tempo reveal period
 * takes the copier below half of what it earns without (docs/consensus.md, "Rows like our validator's").
 */
export const SCORE_POWER = 4;

export function lossToScore(loss: number | undefined): number {
  if (loss === undefined || !Number.isFinite(loss)) return 0;
  return Math.max(0, UNIFORM_LOSS - loss) ** SCORE_POWER;
}

/**
 * Exponential moving average of each UID's score. A UID that changes hands (new hotkey) starts again from
 * its first observation: the new owner must not inherit the old one's reputation, nor its debt.
 */
export class ScoreBook {
  private readonly entries = new Map<number, { hotkey: string; ema: number; samples: number }>();

  constructor(private readonly alpha = EMA_ALPHA) {}

  observe(uid: number, hotkey: string, score: number): number {
    const prev = this.entries.get(uid);
    const ema = !prev || prev.hotkey !== hotkey ? score : this.alpha * score + (1 - this.alpha) * prev.ema;
    this.entries.set(uid, { hotkey, ema, samples: (prev?.hotkey === hotkey ? prev.samples : 0) + 1 });
    return ema;
  }

  /** Drops UIDs whose hotkey changed since we scored them (replaced by a newcomer) or that left the subnet. */
  reconcile(hotkeys: readonly string[]): void {
    for (const [uid, e] of this.entries) if (hotkeys[uid] !== e.hotkey) this.entries.delete(uid);
  }

  get(uid: number): number | undefined {
    return this.entries.get(uid)?.ema;
  }

  snapshot(): Map<number, number> {
    return new Map([...this.entries].map(([uid, e]) => [uid, e.ema]));
  }
}
