import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { metagraphQuery } from "./hooks/useMetagraph";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 2, staleTime: 2_000, refetchOnWindowFocus: false } },
});

// The metagraph is the heaviest read: on a direct visit, ask for it before React's first render.
const direct = /^\/subnets\/(\d+)\/metagraph\/?$/.exec(location.pathname);
if (direct && !new URLSearchParams(location.search).has("at")) {
  void queryClient.prefetchQuery(metagraphQuery(Number(direct[1]), undefined));
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
