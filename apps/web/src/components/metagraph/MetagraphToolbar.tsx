import { useEffect, useRef, useState } from "react";
import type { RoleFilter } from "../../metagraph/rows";
import type { MetagraphView } from "../../metagraph/urlState";

const FILTER_LABELS: Record<RoleFilter, string> = {
  all: "All",
  validators: "Validators",
  servers: "Servers",
  active: "Active",
};

/** Filter by role, search by uid/hotkey/coldkey, and choose how shares are shown. */
export function MetagraphToolbar({
  view,
  onChange,
}: {
  view: MetagraphView;
  onChange: (v: MetagraphView) => void;
}) {
  // The text lives here while typing: the URL update is a transition, and an input controlled by it
  // would lose keystrokes. It follows the URL when that changes from elsewhere (back button, a link).
  const [q, setQ] = useState(view.q);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (document.activeElement !== input.current) setQ(view.q);
  }, [view.q]);
  return (
    <div className="toolbar" data-testid="metagraph-toolbar">
      {/* Toggle buttons rather than radios: the URL update is a transition, and a controlled radio would
          flick back to its old state until it commits. */}
      <fieldset className="segmented">
        <legend className="sr-only">Show</legend>
        {(Object.keys(FILTER_LABELS) as RoleFilter[]).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={view.filter === f}
            className={view.filter === f ? "selected" : undefined}
            onClick={() => onChange({ ...view, filter: f })}
            data-testid={`filter-${f}`}
          >
            {FILTER_LABELS[f]}
          </button>
        ))}
      </fieldset>
      <label className="search-field">
        <span className="sr-only">Search by uid, hotkey or coldkey</span>
        <input
          ref={input}
          type="search"
          placeholder="uid, hotkey or coldkey"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            onChange({ ...view, q: e.target.value });
          }}
          data-testid="metagraph-search"
        />
      </label>
      <label>
        Shares as{" "}
        <select
          value={view.units}
          onChange={(e) =>
            onChange({ ...view, units: e.target.value === "percent" ? "percent" : "fraction" })
          }
          data-testid="units"
        >
          <option value="fraction">fractions</option>
          <option value="percent">percentages</option>
        </select>
      </label>
    </div>
  );
}
