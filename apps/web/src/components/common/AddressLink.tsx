import { Link } from "react-router";
import { shortAddress } from "../../format";

/** An SS58 address linking to its account page; shortened unless `full`, the whole value in the title. */
export function AddressLink({ address, full = false }: { address: string; full?: boolean }) {
  if (!address) return <span className="muted">—</span>;
  return (
    <Link to={`/accounts/${address}`} className="mono" title={address}>
      {full ? address : shortAddress(address)}
    </Link>
  );
}
