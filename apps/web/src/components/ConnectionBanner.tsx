import { useChainInfo } from "../hooks/useChainInfo";

/** A clear banner while the gateway cannot be reached; queries keep retrying, so it clears by itself. */
export function ConnectionBanner() {
  const info = useChainInfo();
  if (!info.isError) return null;
  return (
    <div role="alert" className="banner banner-error" data-testid="gateway-down">
      Cannot reach the gateway ({info.error.message}). Retrying…
    </div>
  );
}
