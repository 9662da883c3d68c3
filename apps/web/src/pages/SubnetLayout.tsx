import { NavLink, Outlet, useLocation } from "react-router";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { modalityName } from "../format";
import { useNetuid } from "../hooks/useNetuid";
import { useSubnet } from "../hooks/useSubnets";
import { useTitle } from "../hooks/useTitle";
import { NotFoundPage } from "./NotFoundPage";

/** The frame of every subnet page: its name and the tabs (overview, metagraph, rankings, emissions). */
export function SubnetLayout() {
  const netuid = useNetuid();
  const subnet = useSubnet(netuid);
  const { pathname } = useLocation();
  // Set here, not in the tab pages: a parent's effect runs after its children's and would overwrite them.
  useTitle(netuid === undefined ? "Not found" : `${subnetTabTitle(pathname)}Subnet ${netuid}`);
  if (netuid === undefined) return <NotFoundPage what="subnet" />;
  if (subnet.isError) return <QueryError error={subnet.error} what={`subnet ${netuid}`} />;
  const base = `/subnets/${netuid}`;
  return (
    <div>
      <header className="page-head">
        <h1 data-testid="subnet-title">
          {subnet.data ? (
            subnet.data.name || `Subnet ${netuid}`
          ) : (
            <span className="muted">Subnet {netuid}</span>
          )}{" "}
          <span className="muted heading-aside">
            netuid {netuid}
            {subnet.data ? ` · ${modalityName(subnet.data.modality)}` : ""}
          </span>
        </h1>
        <nav aria-label="Subnet" className="tabs">
          <NavLink className="tab" to={base} end>
            Overview
          </NavLink>
          <NavLink className="tab" to={`${base}/metagraph`}>
            Metagraph
          </NavLink>
          <NavLink className="tab" to={`${base}/rankings`}>
            Rankings
          </NavLink>
          <NavLink className="tab" to={`${base}/emissions`}>
            Emissions
          </NavLink>
        </nav>
      </header>
      {subnet.isPending ? <Skeleton lines={2} label="Loading the subnet" /> : null}
      <Outlet />
    </div>
  );
}

/** "Metagraph · ", "UID 8 · " or "" (the subnet's overview): the tab part of a subnet page's title. */
export function subnetTabTitle(pathname: string): string {
  const m = /^\/subnets\/\d+\/([^/]+)(?:\/([^/]+))?/.exec(pathname);
  if (!m) return "";
  if (m[1] === "neurons") return /^\d+$/.test(m[2] ?? "") ? `UID ${m[2]} · ` : "Neuron · ";
  return `${m[1].charAt(0).toUpperCase()}${m[1].slice(1)} · `;
}
