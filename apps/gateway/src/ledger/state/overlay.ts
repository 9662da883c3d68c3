// The abstract state the state machine runs on: a key-value view with nested, discardable overlays. The
// state machine never sees SQLite; the node gives it an overlay over its committed in-memory state.

export interface StateReader {
  get(key: string): unknown;
}

export interface StateWriter extends StateReader {
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Writes buffered over a parent; `null` marks a deletion. */
export class Overlay implements StateWriter {
  readonly writes = new Map<string, unknown>();

  constructor(readonly parent: StateReader) {}

  get(key: string): unknown {
    // One lookup: a written value is never undefined (set stores undefined as a deletion).
    const v = this.writes.get(key);
    if (v === undefined) return this.parent.get(key);
    return v === null ? undefined : v;
  }

  set(key: string, value: unknown): void {
    this.writes.set(key, value === undefined ? null : value);
  }

  delete(key: string): void {
    this.writes.set(key, null);
  }

  /** Moves this overlay's writes into `target` (the parent, when a call succeeded). */
  mergeInto(target: StateWriter): void {
    for (const [k, v] of this.writes) {
      if (v === null) target.delete(k);
      else target.set(k, v);
    }
  }
}

/** The committed state held in memory: a plain map (loaded from SQLite at start). */
export class MapState implements StateReader {
  constructor(readonly entries = new Map<string, unknown>()) {}

  get(key: string): unknown {
    return this.entries.get(key);
  }

  apply(writes: ReadonlyMap<string, unknown>): void {
    for (const [k, v] of writes) {
      if (v === null) this.entries.delete(k);
      else this.entries.set(k, v);
    }
  }
}
