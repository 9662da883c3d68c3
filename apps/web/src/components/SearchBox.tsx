// The WAI-ARIA combobox pattern: focus stays in the input, options are chosen with the arrow keys.
// biome-ignore-all lint/a11y/useSemanticElements: a custom listbox, as the combobox pattern prescribes
// biome-ignore-all lint/a11y/noNoninteractiveElementToInteractiveRole: see above
// biome-ignore-all lint/a11y/useFocusableInteractive: options are reached through aria-activedescendant
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the input handles the keys for the options
import { useId, useRef, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { useSubnets } from "../hooks/useSubnets";
import { netuidFromPath, recognizeSearch, targetLabel, targetPath } from "../lib/search";

/**
 * One box for a block number, a block or extrinsic hash, an SS58 address or a uid of the current subnet.
 * Enter goes to the first (likeliest) target; arrow keys pick another when the text is ambiguous.
 */
export function SearchBox() {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const location = useLocation();
  const listId = useId();
  const subnets = useSubnets();
  // "The current subnet": the one on screen, else the last one visited, else the most populated one.
  const lastNetuid = useRef<number | undefined>(undefined);
  lastNetuid.current = netuidFromPath(location.pathname) ?? lastNetuid.current;
  const busiest = [...(subnets.data ?? [])].sort((a, b) => b.neuronCount - a.neuronCount)[0]?.netuid;
  const searchNetuid = lastNetuid.current ?? busiest;
  const uidCount = subnets.data?.find((s) => s.netuid === searchNetuid)?.neuronCount;
  const targets = recognizeSearch(text, searchNetuid, uidCount);
  const showList = text.trim() !== "";

  const go = (index: number) => {
    const t = targets[index];
    if (!t) return;
    navigate(targetPath(t));
    setText("");
    setActive(0);
  };

  return (
    <form
      role="search"
      className="searchbox"
      onSubmit={(e) => {
        e.preventDefault();
        go(active);
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && targets[active] ? `${listId}-${active}` : undefined}
        placeholder="Block, hash, address or uid"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, Math.max(targets.length - 1, 0)));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Escape") setText("");
        }}
        data-testid="search-input"
      />
      {showList ? (
        <ul id={listId} role="listbox" className="search-results" aria-label="Search results">
          {targets.length === 0 ? (
            <li
              role="option"
              aria-selected={false}
              aria-disabled="true"
              className="muted"
              data-testid="search-none"
            >
              Not a block number, hash, address or uid
            </li>
          ) : (
            targets.map((t, i) => (
              <li
                key={targetPath(t)}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? "active" : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => go(i)}
                data-testid="search-option"
              >
                {targetLabel(t)}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </form>
  );
}
