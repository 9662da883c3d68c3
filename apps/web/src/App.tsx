import { type ComponentType, lazy, Suspense, useEffect } from "react";
import { NavLink, Route, Routes, useLocation } from "react-router";
import { ConnectionBanner } from "./components/ConnectionBanner";
import { Skeleton } from "./components/common/Skeleton";
import { SearchBox } from "./components/SearchBox";
import { useLiveBlocks } from "./hooks/useLiveBlocks";
import { useNetuid } from "./hooks/useNetuid";
import { pageTitle } from "./hooks/useTitle";
import { AccountPage } from "./pages/AccountPage";
import { BlockPage } from "./pages/BlockPage";
import { BlocksPage } from "./pages/BlocksPage";
import { ExtrinsicPage } from "./pages/ExtrinsicPage";
import { HashPage } from "./pages/HashPage";
import { MetagraphPage } from "./pages/MetagraphPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/OverviewPage";
import { RankingsPage } from "./pages/RankingsPage";
import { SubnetLayout } from "./pages/SubnetLayout";
import { SubnetPage } from "./pages/SubnetPage";
import { SubnetsPage } from "./pages/SubnetsPage";

// Pages with charts load Recharts on demand, so the overview and the metagraph start without it.
const EmissionsPage = lazy(() => import("./pages/EmissionsPage").then((m) => ({ default: m.EmissionsPage })));
const NeuronPage = lazy(() => import("./pages/NeuronPage").then((m) => ({ default: m.NeuronPage })));
// The light miner brings keys, signing and (on demand) onnxruntime-web: the explorer never loads them.
const MinerPage = lazy(() => import("./pages/MinerPage").then((m) => ({ default: m.MinerPage })));
// The consensus lab brings the shared epoch and its worker: loaded on demand.
const LabPage = lazy(() => import("./lab/LabPage").then((m) => ({ default: m.LabPage })));
// The wallet brings its keystore (IndexedDB, the KDF worker) and signing: loaded on demand, inside its
// KeystoreProvider (wallet/pages/WalletPage.tsx), so the explorer works without IndexedDB.
const WalletPage = lazy(() => import("./wallet/pages/WalletPage").then((m) => ({ default: m.WalletPage })));

/** Renders a subnet page with the route's netuid; keyed so that switching subnets starts fresh. */
function WithNetuid({ page: Page }: { page: ComponentType<{ netuid: number }> }) {
  const netuid = useNetuid();
  return netuid === undefined ? <NotFoundPage what="subnet" /> : <Page key={netuid} netuid={netuid} />;
}

/** Titles of the pages that do not set their own (the miner and the wallet, owned elsewhere). */
const ROUTE_TITLES: Record<string, string> = { "/miner": "Miner", "/wallet": "Wallet" };

function useRouteTitle(): void {
  const { pathname } = useLocation();
  useEffect(() => {
    const title = ROUTE_TITLES[pathname];
    if (title) document.title = pageTitle(title);
  }, [pathname]);
}

export function App() {
  // One block stream for the whole app: every page sees the same live best block.
  useLiveBlocks();
  useRouteTitle();
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Neuralmesh
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to="/subnets">Subnets</NavLink>
          <NavLink to="/blocks">Blocks</NavLink>
          <NavLink to="/lab">Lab</NavLink>
          <NavLink to="/miner">Miner</NavLink>
          <NavLink to="/wallet">Wallet</NavLink>
        </nav>
        <SearchBox />
      </header>
      <ConnectionBanner />
      <main id="main">
        <Suspense fallback={<Skeleton lines={8} />}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/subnets" element={<SubnetsPage />} />
            <Route path="/subnets/:netuid" element={<SubnetLayout />}>
              <Route index element={<WithNetuid page={SubnetPage} />} />
              <Route path="metagraph" element={<WithNetuid page={MetagraphPage} />} />
              <Route path="rankings" element={<WithNetuid page={RankingsPage} />} />
              <Route path="emissions" element={<WithNetuid page={EmissionsPage} />} />
              <Route path="neurons/:id" element={<WithNetuid page={NeuronPage} />} />
            </Route>
            <Route path="/blocks" element={<BlocksPage />} />
            <Route path="/blocks/:id" element={<BlockPage />} />
            <Route path="/extrinsics/:hash" element={<ExtrinsicPage />} />
            <Route path="/accounts/:address" element={<AccountPage />} />
            <Route path="/hash/:hash" element={<HashPage />} />
            <Route path="/lab" element={<LabPage />} />
            <Route path="/miner" element={<MinerPage />} />
            <Route path="/wallet" element={<WalletPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </main>
    </div>
  );
}
