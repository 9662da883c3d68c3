import { useStreamStates } from "../hooks/connectionStore";
import { useChainInfo } from "../hooks/useChainInfo";
import { useNow } from "./common/Age";

/**
 * A clear banner while the gateway cannot be reached. Streams reconnect by themselves with backoff (see
 * useStream), and once the block stream is back every query is refetched, so the banner clears by itself.
 */
export function ConnectionBanner() {
  const streams = useStreamStates();
  const info = useChainInfo();
  const now = useNow();
  const down = [...streams.values()].find((s) => s.status === "down");
  const blocks = streams.get("blocks");
  if (!down && !(info.isError && blocks?.status !== "live")) return null;
  const error = down?.status === "down" ? down.error : info.error?.message;
  const retryIn = down?.status === "down" ? Math.max(0, Math.ceil((down.retryAt - now) / 1000)) : undefined;
  return (
    <div role="alert" className="banner banner-error" data-testid="gateway-down">
      <strong>Cannot reach the gateway.</strong> Live updates are paused; reconnecting
      {retryIn !== undefined && retryIn > 0 ? ` in ${retryIn} s` : "…"}{" "}
      <span className="muted-light">({error})</span>
    </div>
  );
}
