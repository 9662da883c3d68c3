// Tabs of one browser serving one hotkey (SPEC §6: the gateway keeps one Serve stream per hotkey, the
// newest). Without this a second tab would silently take the stream from the first. Over a
// BroadcastChannel the tabs of this origin tell each other which hotkey they serve, so the newer tab asks
// the person before taking over, and the older one says it was taken over, or that another tab is asking.

export const TABS_CHANNEL = "neuralmesh.miner.tabs";

type Message =
  | { type: "who"; hotkey: string; from: string }
  | { type: "serving"; hotkey: string; from: string; to: string }
  | { type: "takeover"; hotkey: string; from: string };

export interface ChannelLike {
  postMessage(message: Message): void;
  onmessage: ((event: MessageEvent<Message>) => void) | null;
  close(): void;
}

export interface ServingClaim {
  /** Another tab asked who serves this hotkey (it may take over next). */
  onAsked(): void;
  /** Another tab took over: stop serving. */
  onTakenOver(): void;
}

export class HotkeyTabs {
  /** This tab's id on the channel. */
  readonly id = Math.random().toString(36).slice(2);
  private readonly channel: ChannelLike | undefined;
  private readonly claims = new Map<string, ServingClaim>();
  private readonly answers = new Set<(m: Message) => void>();

  constructor(channel?: ChannelLike) {
    this.channel =
      channel ??
      (typeof BroadcastChannel === "undefined"
        ? undefined
        : (new BroadcastChannel(TABS_CHANNEL) as unknown as ChannelLike));
    if (this.channel) this.channel.onmessage = (event) => this.receive(event.data);
  }

  private receive(m: Message): void {
    if (m.from === this.id) return;
    const claim = this.claims.get(m.hotkey);
    if (m.type === "who" && claim) {
      this.channel?.postMessage({ type: "serving", hotkey: m.hotkey, from: this.id, to: m.from });
      claim.onAsked();
    } else if (m.type === "takeover" && claim) {
      this.claims.delete(m.hotkey);
      claim.onTakenOver();
    } else if (m.type === "serving" && m.to === this.id) {
      for (const listener of this.answers) listener(m);
    }
  }

  /** Marks `hotkey` as served by this tab until the returned function is called. */
  claim(hotkey: string, claim: ServingClaim): () => void {
    this.claims.set(hotkey, claim);
    return () => {
      if (this.claims.get(hotkey) === claim) this.claims.delete(hotkey);
    };
  }

  /** Whether another tab of this browser serves `hotkey` (it answers within `waitMs`). */
  othersServing(hotkey: string, waitMs = 300): Promise<boolean> {
    const channel = this.channel;
    if (!channel) return Promise.resolve(false);
    return new Promise((resolve) => {
      const listener = (m: Message) => {
        if (m.hotkey !== hotkey) return;
        done(true);
      };
      const timer = setTimeout(() => done(false), waitMs);
      const done = (found: boolean) => {
        clearTimeout(timer);
        this.answers.delete(listener);
        resolve(found);
      };
      this.answers.add(listener);
      channel.postMessage({ type: "who", hotkey, from: this.id });
    });
  }

  /** Tells the tab serving `hotkey` to stop; this tab then serves it. */
  takeOver(hotkey: string): void {
    this.channel?.postMessage({ type: "takeover", hotkey, from: this.id });
  }

  close(): void {
    this.claims.clear();
    this.channel?.close();
  }
}
