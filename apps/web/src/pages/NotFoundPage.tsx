import { Link } from "react-router";
import { useTitle } from "../hooks/useTitle";

export function NotFoundPage({ what, detail }: { what?: string; detail?: string }) {
  useTitle("Not found");
  return (
    <section data-testid="not-found">
      <h1>Not found</h1>
      <p>
        {what ? `No ${what} here.` : "Nothing lives at this address."}
        {detail ? <span className="muted"> ({detail})</span> : null} <Link to="/">Back to the overview</Link>.
      </p>
    </section>
  );
}
