// `npm start`: builds the web app when needed and runs the local network (today: the authority gateway on
// the devnet genesis, its SQLite ledger under ./data). Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const tsx = "node_modules/.bin/tsx";

// Always rebuild (a few seconds) so the explorer matches the checked-out code; NM_SKIP_WEB_BUILD=1 skips it.
if (process.env.NM_SKIP_WEB_BUILD !== "1" || !existsSync("dist/web/index.html")) {
  console.log("building the web app…");
  const built = spawnSync("node_modules/.bin/vite", ["build", "--logLevel", "error"], { stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const gateway = spawn(tsx, ["apps/gateway/src/main.ts", "--data-dir", "data", ...process.argv.slice(2)], {
  stdio: "inherit",
});
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  gateway.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
gateway.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
