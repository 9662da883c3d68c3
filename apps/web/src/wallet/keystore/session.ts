// The unlocked keypairs, in this page's memory only, and the idle lock. Idle means no touch() (user activity)
// for idleLockMs; then every unlocked account that is not pinned is locked and its secret wiped. A timer
// does it on time, and every read checks the clock too, because browsers throttle timers in background tabs:
// a key is never handed out after its deadline even if the timer has not fired yet.
import type { Keypair } from "../../../../../src/shared/keys";

/** setTimeout's largest delay (about 24.8 days); longer idle times simply re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Session {
  private readonly keys = new Map<string, Keypair>();
  private readonly pinned = new Set<string>();
  private lastActivity: number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly now: () => number,
    private idleLockMs: number,
    /** Called after every change of the unlocked set; `deferred` when it happened inside a read. */
    private readonly onChange: (deferred: boolean) => void,
  ) {
    this.lastActivity = now();
  }

  get idleMs(): number {
    return this.idleLockMs;
  }

  /** Ids of the unlocked accounts, in unlock order. */
  ids(): string[] {
    return [...this.keys.keys()];
  }

  has(id: string): boolean {
    this.expire(true);
    return this.keys.has(id);
  }

  isPinned(id: string): boolean {
    return this.pinned.has(id) && this.keys.has(id);
  }

  get(id: string): Keypair | undefined {
    this.expire(true);
    return this.keys.get(id);
  }

  /** Unlocking is activity: it restarts the idle time of every unlocked account. */
  set(id: string, keypair: Keypair, pin: boolean): void {
    this.expire(false);
    const old = this.keys.get(id);
    if (old && old !== keypair) old.secretKey.fill(0);
    this.keys.set(id, keypair);
    if (pin) this.pinned.add(id);
    this.lastActivity = this.now();
    this.schedule();
    this.onChange(false);
  }

  /** Locks one account (pinned or not), or all when no id; wipes the secrets. */
  lock(id?: string): void {
    const ids = id === undefined ? this.ids() : this.keys.has(id) ? [id] : [];
    for (const k of ids) this.drop(k);
    this.schedule();
    if (ids.length > 0) this.onChange(false);
  }

  touch(): void {
    // A late touch (the timer was throttled past the deadline) must not revive an expired session.
    this.expire(false);
    this.lastActivity = this.now();
  }

  /** Choosing the idle time is activity too; a deadline already passed under the old time still locks. */
  setIdleLockMs(ms: number): void {
    this.expire(false);
    this.idleLockMs = ms;
    this.lastActivity = this.now();
    this.schedule();
  }

  close(): void {
    this.lock();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drop(id: string): void {
    this.keys.get(id)?.secretKey.fill(0);
    this.keys.delete(id);
    this.pinned.delete(id);
  }

  private idleDeadline(): number | undefined {
    if (this.idleLockMs <= 0) return undefined;
    const lockable = this.ids().some((id) => !this.pinned.has(id));
    return lockable ? this.lastActivity + this.idleLockMs : undefined;
  }

  private expire(deferNotice: boolean): void {
    const deadline = this.idleDeadline();
    if (deadline === undefined || this.now() < deadline) return;
    for (const id of this.ids()) if (!this.pinned.has(id)) this.drop(id);
    this.onChange(deferNotice);
  }

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = this.idleDeadline();
    if (deadline === undefined) return;
    const delay = Math.min(Math.max(0, deadline - this.now()), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.expire(false);
      // Activity since the timer was set moved the deadline: wait for the rest.
      this.schedule();
    }, delay);
    // In Node (tests) a pending idle timer must not keep the process alive; browsers return a number.
    (this.timer as { unref?: () => void }).unref?.();
  }
}
