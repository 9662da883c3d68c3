import { useEffect, useState } from "react";

/**
 * Picks the block to read the metagraph at: any block number (the metagraph of the epoch at or before it) or
 * one of the recent epochs; "Live" goes back to the current, streaming metagraph.
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
            {epochs.map((b) => (
              <option key={b} value={b}>
                #{b}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {at !== undefined ? (
        <button type="button" onClick={() => onChange(undefined)} data-testid="back-to-live">
          Back to live
        </button>
      ) : null}
    </form>
  );
}
