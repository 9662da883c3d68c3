// A neuron's view of its subnet: the latest metagraph, refreshed on a timer and on every epoch (WatchMetagraph),
// so lookups on the hot path (is this caller registered? what is its stake?) never wait on the network.
import type { Client } from "@connectrpc/connect";
import type { LedgerService, Metagraph } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export class MetagraphCache {
  private current: Metagraph | undefined;
  private byHotkey = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly abort = new AbortController();
  private listeners = new Set<(m: Metagraph) => void>();

  constructor(
    private readonly ledger: Client<typeof LedgerService>,
    readonly netuid: number,
    private readonly refreshMs = 2_000,
  ) {}

  async start(): Promise<this> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => {}), this.refreshMs);
    this.timer.unref?.();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
  }

  async refresh(): Promise<Metagraph> {
    const m = await this.ledger.getMetagraph({ netuid: this.netuid }, { signal: this.abort.signal });
    this.set(m);
    return m;
  }

  private set(m: Metagraph): void {
    this.current = m;
    this.byHotkey = new Map(m.hotkeys.map((h, uid) => [h, uid]));
    for (const l of this.listeners) l(m);
  }

  onUpdate(listener: (m: Metagraph) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get metagraph(): Metagraph {
    if (!this.current) throw new Error("metagraph not loaded yet: call start() first");
    return this.current;
  }

  uidOf(hotkey: string): number | undefined {
    return this.byHotkey.get(hotkey);
  }

  /** The caller's standing on this subnet, or undefined when it is not registered here. */
  standing(hotkey: string): { uid: number; stake: bigint } | undefined {
    const uid = this.byHotkey.get(hotkey);
    if (uid === undefined || !this.current) return undefined;
    return { uid, stake: this.current.stake[uid] ?? 0n };
  }
}
