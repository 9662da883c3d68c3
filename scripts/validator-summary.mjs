// `npm start`'s view of a validator's log: the validator logs one JSON line per weight setting (every few
// seconds on a devnet), which buried everything else. This keeps the first one of each validator as it is,
// then prints one line per validator per epoch: how many weight settings landed or were refused, and how many
// miners the last one scored. Other lines (warnings, errors, anything not JSON) pass through at once.

/**
 * The epoch a block belongs to: the epoch of subnet `netuid` runs where
 * `tempo - ((block + netuid + 1) mod (tempo + 1)) == 0` (SPEC §4), so epochs are runs of tempo + 1 blocks.
 */
export function epochOf(block, netuid, tempo) {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** A line-by-line summariser for one validator; `write` receives finished lines. */
export function createValidatorSummary({ name, netuid, tempo, write }) {
  let current; // { epoch, set, refused, scored, lastError }
  let seenFirst = false;
  const flush = () => {
    if (!current) return;
    const refused = current.refused ? `, ${current.refused} refused (${current.lastError})` : "";
    write(
      `${name}: epoch ${current.epoch} (blocks ${current.from}-${current.to}): weights set ${current.set}x${refused}, ` +
        `${current.scored} miners scored`,
    );
    current = undefined;
  };
  return {
    line(text) {
      let entry;
      try {
        entry = JSON.parse(text);
      } catch {
        return write(text);
      }
      const weights = entry?.msg === "weights set" || entry?.msg === "weights refused";
      const block = weights ? Number(entry.block) : Number.NaN;
      if (!Number.isSafeInteger(block)) return write(text);
      if (!seenFirst) {
        seenFirst = true;
        write(text);
      }
      const epoch = epochOf(block, netuid, tempo);
      if (current && current.epoch !== epoch) flush();
      current ??= { epoch, from: block, to: block, set: 0, refused: 0, scored: 0, lastError: "" };
      current.to = block;
      if (entry.msg === "weights set") {
        current.set++;
        current.scored = Number(entry.n ?? 0);
      } else {
        current.refused++;
        current.lastError = String(entry.error ?? "?");
      }
    },
    /** At exit: the epoch in progress. */
    end: flush,
  };
}
