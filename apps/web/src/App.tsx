import { NavLink, Route, Routes } from "react-router";
import { ConnectionBanner } from "./components/ConnectionBanner";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OverviewPage } from "./pages/OverviewPage";

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/" className="brand">
          Neuralmesh
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
        </nav>
      </header>
      <ConnectionBanner />
      <main>
        <Routes>
          <Route path="/" element={<OverviewPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
    </div>
  );
}
