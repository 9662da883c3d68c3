// Leadership over etcd's election recipe (the `etcd3` Election API): each replica campaigns with its gRPC URL
// as the value, under a lease of a few seconds that the client keeps alive. The oldest live campaign key is
// the leader; when its holder dies its lease expires and the next campaign is elected. An observer tells
// every replica the current leader's URL (where submissions are forwarded). Both are re-created after an
// error (etcd unreachable, lease lost), so a restarted cluster is rejoined without a gateway restart.
import type { Campaign, ElectionObserver, Etcd3 } from "etcd3";
import type { Logger } from "../log";

export interface LeadershipEvents {
  /** This replica holds the lease now. */
  elected(): void;
  /** This replica's lease is gone (lost, or given up with stepDown). */
  lost(reason: string): void;
  /** The leader's value (its gRPC URL) changed; undefined while none is elected. */
  leader(url: string | undefined): void;
}

const RETRY_MS = 300;

export class Leadership {
  private campaign: Campaign | undefined;
  private observer: ElectionObserver | undefined;
  private stopped = false;
  /** Whether this replica's campaign is the elected one right now. */
  holding = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly etcd: Etcd3,
    private readonly name: string,
    private readonly value: string,
    private readonly ttlS: number,
    private readonly log: Logger,
    private readonly events: LeadershipEvents,
  ) {}

  start(): void {
    this.campaignOnce();
    void this.observe();
  }

  /** Gives the lease up (the next replica is elected at once) and campaigns again after `againMs`. */
  async stepDown(reason: string, againMs = 1000): Promise<void> {
    const c = this.campaign;
    this.campaign = undefined;
    this.holding = false;
    if (c) this.events.lost(reason);
    await c?.resign().catch(() => undefined);
    this.later(() => this.campaignOnce(), againMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const c = this.campaign;
    this.campaign = undefined;
    this.holding = false;
    // Resigning revokes the lease, so a clean shutdown hands over without waiting for the TTL.
    await c?.resign().catch(() => undefined);
    await this.observer?.cancel().catch(() => undefined);
  }

  private campaignOnce(): void {
    if (this.stopped || this.campaign) return;
    const c = this.etcd.election(this.name, this.ttlS).campaign(this.value);
    this.campaign = c;
    c.on("elected", () => {
      if (this.campaign !== c || this.stopped) return;
      this.holding = true;
      this.events.elected();
    });
    c.on("error", (e) => {
      if (this.campaign !== c) return;
      this.campaign = undefined;
      this.holding = false;
      this.log.warn("leadership campaign ended", { error: e.message });
      this.events.lost(e.message);
      void c.resign().catch(() => undefined);
      this.later(() => this.campaignOnce(), RETRY_MS);
    });
  }

  private async observe(): Promise<void> {
    if (this.stopped) return;
    try {
      const o = await this.etcd.election(this.name, this.ttlS).observe();
      if (this.stopped) {
        await o.cancel();
        return;
      }
      this.observer = o;
      this.events.leader(o.leader());
      o.on("change", (url) => this.events.leader(url));
      o.on("error", () => {
        if (this.observer !== o) return;
        this.observer = undefined;
        this.events.leader(undefined);
        this.later(() => void this.observe(), RETRY_MS);
      });
    } catch {
      this.later(() => void this.observe(), RETRY_MS);
    }
  }

  private later(f: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) f();
    }, ms);
    this.timers.add(t);
  }
}
