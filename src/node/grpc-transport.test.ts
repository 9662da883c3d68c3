// A server that sends GOAWAY while the client is idle, and a request made in the moment before the old socket
// has closed: with connect-node's own session manager the old session's late error is uncaught and kills the
// process (vitest reports it as an error of this file); with ours it is absorbed and the request succeeds on a
// new connection.
import { once } from "node:events";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { createClient } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { afterEach, describe, expect, it } from "vitest";
import { LedgerService } from "../shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { DurableHttp2SessionManager, grpcTransport } from "./grpc-transport";

/** Ours, plus a record of the sessions it handed requests to, so the test can act on the client's side. */
class WatchedSessionManager extends DurableHttp2SessionManager {
  readonly sessions: http2.ClientHttp2Session[] = [];
  override async request(...args: Parameters<DurableHttp2SessionManager["request"]>) {
    const stream = await super.request(...args);
    const session = stream.session as http2.ClientHttp2Session;
    if (!this.sessions.includes(session)) this.sessions.push(session);
    return stream;
  }
}

const servers: { server: http2.Http2Server; sessions: http2.ServerHttp2Session[] }[] = [];
afterEach(async () => {
  for (const { server, sessions } of servers.splice(0)) {
    for (const s of sessions) s.destroy();
    await new Promise((r) => server.close(r));
  }
});

async function genesisServer() {
  const sessions: http2.ServerHttp2Session[] = [];
  const server = http2.createServer(
    connectNodeAdapter({
      routes: (router) =>
        router.service(LedgerService, {
          getGenesis: () => ({ genesisJson: "{}", genesisHash: new Uint8Array(32) }),
        }),
    }),
  );
  server.on("session", (s) => sessions.push(s));
  servers.push({ server, sessions });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sessions };
}

describe("grpcTransport", () => {
  it("survives a GOAWAY on an idle session followed at once by a new request", async () => {
    const { url, sessions } = await genesisServer();
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on("uncaughtException", record);
    const manager = new WatchedSessionManager(url);
    try {
      const client = createClient(LedgerService, grpcTransport({ baseUrl: url, sessionManager: manager }));
      await client.getGenesis({}, { timeoutMs: 5_000 });
      const [old] = manager.sessions;
      expect(old).toBeDefined();
      expect(sessions).toHaveLength(1);

      // The manager's GOAWAY listener runs first and destroys the idle session; ours then asks again before the
      // socket has closed, which moves the manager to a new connection.
      const second = new Promise<unknown>((resolve, reject) =>
        old.once("goaway", () => client.getGenesis({}, { timeoutMs: 5_000 }).then(resolve, reject)),
      );
      // Not events.once: it would reject on the very error this test wants absorbed.
      const oldClosed = new Promise((r) => old.once("close", r));
      sessions[0].close();
      await second;
      await oldClosed;
      // The late error is raised with the close; give it the turn it needs to surface.
      await new Promise((r) => setTimeout(r, 50));

      expect(uncaught).toEqual([]);
      expect(manager.sessions).toHaveLength(2);
      expect(sessions).toHaveLength(2);
    } finally {
      manager.abort();
      process.off("uncaughtException", record);
    }
  });
});
