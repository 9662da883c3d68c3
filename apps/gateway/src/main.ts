// The gateway process: `npm run -s gateway -- --data-dir D --http-port P --grpc-port Q`.
import { ConfigError, parseGatewayConfig, usage } from "./config";
import { startGateway } from "./gateway";
import { createLogger } from "./log";

const log = createLogger({ service: "gateway" });

async function main(): Promise<void> {
  let config: ReturnType<typeof parseGatewayConfig>;
  try {
    config = parseGatewayConfig(process.argv.slice(2));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`error: ${e.message}\n${usage}\n`);
      process.exit(2);
    }
    throw e;
  }
  if (config === "help") {
    process.stdout.write(`${usage}\n`);
    return;
  }
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway(config, log);
  } catch (e) {
    // A key or trust setting that cannot be used (authority/): the same exit as a bad flag.
    if (e instanceof ConfigError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const role = config.follow
    ? `  follows:  ${config.follow} (verifying every block)\n`
    : config.etcd
      ? `  replicated over etcd: ${config.etcd.endpoints.join(",")}\n`
      : "";
  process.stdout.write(
    `Neuralmesh gateway\n  explorer: ${gateway.httpUrl}/\n  gRPC:     ${gateway.grpcUrl}\n` +
      `  authority: ${gateway.ledger.params.authority}\n${role}`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await gateway.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((e) => {
  log.error("fatal", { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
