import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { type MetagraphView, parseView, writeView } from "../metagraph/urlState";

/** The metagraph view's state (sort, filter, search, block, units), read from and written to the URL. */
export function useMetagraphView(sortable: readonly string[]) {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseView(params, sortable), [params, sortable]);
  const setView = useCallback(
    (next: MetagraphView) => setParams(writeView(next, params), { replace: true }),
    [params, setParams],
  );
  return [view, setView] as const;
}
