import { useEffect, useState } from "react";

/** Epochs offered at once: a chain keeps hundreds, and a select of all of them is unusable. */
export const EPOCHS_PER_PAGE = 20;

/**
 * Picks the block to read the metagraph at: any block number (the metagraph of the epoch at or before it) or
 * one of the recent epochs, a page of EPOCHS_PER_PAGE at a time ("Earlier" / "Later" move the page); "Live"
 * goes back to the current, streaming metagraph.
 */
export function EpochPicker({
  at,
  epochs,
  onChange,
}: {
  at: number | undefined;
  epochs: readonly number[];
  onChange: (at: number | undefined) => void;
}) {
  const [text, setText] = useState(at === undefined ? "" : String(at));
  useEffect(() => setText(at === undefined ? "" : String(at)), [at]);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(epochs.length / EPOCHS_PER_PAGE));
  const shownPage = Math.min(page, pages - 1);
  const shown = epochs.slice(shownPage * EPOCHS_PER_PAGE, (shownPage + 1) * EPOCHS_PER_PAGE);
  // The chosen epoch stays selectable even when the page moves away from it.
  const options = at !== undefined && epochs.includes(at) && !shown.includes(at) ? [at, ...shown] : shown;
  return (
    <form
      className="toolbar epoch-picker"
      onSubmit={(e) => {
        e.preventDefault();
        const t = text.trim();
        onChange(/^\d+$/.test(t) ? Number(t) : undefined);
      }}
    >
      <label>
        At block{" "}
        <input
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          size={9}
          placeholder="now"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="at-block"
        />
      </label>
      <button type="submit">Show</button>
      {epochs.length > 0 ? (
        <label>
          Epoch{" "}
          <select
            value={at !== undefined && epochs.includes(at) ? String(at) : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
            data-testid="epoch-select"
          >
            <option value="">live</option>
            {options.map((b) => (
              <option key={b} value={b}>
                #{b}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {pages > 1 ? (
        <>
          <button
            type="button"
            disabled={shownPage >= pages - 1}
            onClick={() => setPage(shownPage + 1)}
            data-testid="epochs-earlier"
          >
            Earlier epochs
          </button>
          <button
            type="button"
            disabled={shownPage === 0}
            onClick={() => setPage(shownPage - 1)}
            data-testid="epochs-later"
          >
            Later epochs
          </button>
        </>
      ) : null}
      {at !== undefined ? (
        <button type="button" onClick={() => onChange(undefined)} data-testid="back-to-live">
          Back to live
        </button>
      ) : null}
    </form>
  );
}
