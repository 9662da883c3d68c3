// Slow and idle clients (docs/limits.md) against a real gateway process started with small
// --headers-timeout, --request-timeout and --idle-timeout: headers sent byte by byte are cut (408), a body
// trickled past the request timeout is cut, an idle keep-alive connection and an idle HTTP/2 session are
// closed, an HTTP/2 stream whose request never ends is reset; and the gateway keeps serving.
import http2 from "node:http2";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectStillServes, type GatewayProcess, sleep, startGatewayProcess } from "./helpers";

let g: GatewayProcess;

beforeAll(async () => {
  g = await startGatewayProcess([
    ...["--headers-timeout", "400", "--request-timeout", "800", "--idle-timeout", "300"],
  ]);
}, 60_000);
afterAll(async () => {
  await g?.stop();
});

/** A raw connection that keeps what the gateway sends and notes when the gateway closed it. */
function rawConnection(port: number, localAddress = "127.0.0.1") {
  const socket = net.connect({ host: "127.0.0.1", port, localAddress });
  let received = "";
  let closed = false;
  socket.on("data", (d) => (received += String(d)));
  socket.on("error", () => {});
  const closedP = new Promise<void>((r) =>
    socket.once("close", () => {
      closed = true;
      r();
    }),
  );
  const connected = new Promise<void>((r) => socket.once("connect", () => r()));
  return {
    socket,
    connected,
    received: () => received,
    closed: () => closed,
    /** Resolves true once closed, false if still open after `ms` (a bound on the test, not a measurement). */
    closedWithin: (ms: number) => Promise.race([closedP.then(() => true), sleep(ms).then(() => false)]),
  };
}

/** Writes `text` one byte per `everyMs` until the connection closes or `limit` bytes went out. */
async function trickle(
  c: ReturnType<typeof rawConnection>,
  text: () => string,
  everyMs: number,
  limit: number,
) {
  let sent = 0;
  while (!c.closed() && sent < limit) {
    c.socket.write(text());
    sent++;
    await sleep(everyMs);
  }
  return sent;
}

describe("HTTP/1.1 slow clients", () => {
  it("cuts a client sending its headers byte by byte at the headers timeout (408)", async () => {
    const c = rawConnection(g.httpPort);
    await c.connected;
    c.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
    // An endless header value, one byte every 20 ms: only the headers timeout ends it.
    const sent = await trickle(c, () => "a", 20, 1000);
    expect(c.closed()).toBe(true);
    expect(sent).toBeLessThan(1000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    await expectStillServes(g);
  });

  it("cuts a request whose body trickles past the request timeout", async () => {
    const c = rawConnection(g.httpPort);
    await c.connected;
    c.socket.write(
      "POST /neuralmesh.ledger.v1.LedgerService/GetChainInfo HTTP/1.1\r\nHost: localhost\r\n" +
        "Content-Type: application/proto\r\nContent-Length: 1000\r\n\r\n",
    );
    const sent = await trickle(c, () => "\0", 20, 1000);
    expect(c.closed()).toBe(true);
    expect(sent).toBeLessThan(1000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    await expectStillServes(g);
  });

  it("closes a connection that sends nothing, and an idle keep-alive connection after its answer", async () => {
    const silent = rawConnection(g.httpPort);
    await silent.connected;
    expect(await silent.closedWithin(10_000)).toBe(true);
    expect(silent.received()).toBe("");

    const c = rawConnection(g.httpPort);
    await c.connected;
    c.socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    expect(await c.closedWithin(10_000)).toBe(true);
    // It was answered first, and kept alive until idle.
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.received()).toMatch(/keep-alive/i);
    await expectStillServes(g);
  });
});

describe("HTTP/2 slow and idle clients", () => {
  it("closes a session that opens no stream", async () => {
    const session = http2.connect(g.grpcUrl);
    session.on("error", () => {});
    const closed = await Promise.race([
      new Promise<boolean>((r) => session.once("close", () => r(true))),
      sleep(10_000).then(() => false),
    ]);
    expect(closed).toBe(true);
    await expectStillServes(g);
  });

  it("resets a stream whose request never ends at the request timeout", async () => {
    const session = http2.connect(g.grpcUrl);
    session.on("error", () => {});
    const stream = session.request({
      ":method": "POST",
      ":path": "/neuralmesh.ledger.v1.LedgerService/GetChainInfo",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    // Three bytes of a five-byte envelope header, and then nothing: the request is never complete.
    stream.write(Buffer.from([0, 0, 0]));
    const rst = await Promise.race([
      new Promise<number>((r) => stream.once("close", () => r(stream.rstCode ?? -1))),
      sleep(10_000).then(() => -2),
    ]);
    expect(rst).toBe(http2.constants.NGHTTP2_CANCEL);
    session.destroy();
    await expectStillServes(g);
  });
});
