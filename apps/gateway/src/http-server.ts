import { existsSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { type ConnectRouter, createContextValues } from "@connectrpc/connect";
import express from "express";
import { ConnectionGuard, closeIdleSessions, limitRequestTime } from "../../../src/node/connection-guard";
import { fastGzip } from "./compression";
import { defaultLimits, type GatewayLimits } from "./limits";
import type { Logger } from "./log";
import { PeerCalls } from "./rpc/peer-calls";
import { CLIENT_ADDRESS } from "./rpc/rate-limit";
import { guardedConnectHandler } from "./rpc/request-guard";
import { errorAnswer, notFound, securityHeaders } from "./security-headers";
import { precompressedStatic, REVALIDATE, sendStatic } from "./static-files";

export interface ServeOptions {
  /** Port for the browser: express with the web app, Connect and gRPC-Web over HTTP/1.1. 0 picks a free one. */
  httpPort: number;
  /** Port for peers: gRPC (and Connect) over cleartext HTTP/2. 0 picks a free one. */
  grpcPort: number;
  host?: string;
  /** The one routes function, mounted on both servers. */
  routes: (router: ConnectRouter) => void;
  /** Built web app (vite build output); served with an SPA fallback when present. */
  webDir?: string;
  /** Extra health facts (best block, peers...). */
  health?: () => Record<string, unknown>;
  /** Connect/gRPC request bodies above this are refused with resource_exhausted (default limits.maxBodyBytes). */
  readMaxBytes?: number;
  /** Connection caps, timeouts and the answer ceiling (writeMaxBytes); see limits.ts. */
  limits?: GatewayLimits;
  logger: Logger;
  /** WebSocket endpoints of the HTTP/1.1 server by path (the bridge's socket); other upgrades get 404. */
  upgrades?: Record<string, UpgradeHandler>;
}

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface RunningServers {
  httpUrl: string;
  grpcUrl: string;
  httpPort: number;
  grpcPort: number;
  /** Open connections per address and in all, across both servers. */
  connections: ConnectionGuard;
  /** Open server streams per address, across both servers. */
  streams: PeerCalls;
  close(): Promise<void>;
}

export async function startServers(opts: ServeOptions): Promise<RunningServers> {
  const host = opts.host ?? "127.0.0.1";
  const limits = opts.limits ?? defaultLimits();
  const readMaxBytes = opts.readMaxBytes ?? limits.maxBodyBytes;
  // An answer above the ceiling is refused with resource_exhausted instead of sent (a backstop: the reads
  // themselves page below it).
  const writeMaxBytes = limits.maxResponseBytes;
  const log = opts.logger;
  const app = express();
  app.disable("x-powered-by");
  // CSP, nosniff, no referrer and cross-origin isolation (threaded WASM) on every answer: security-headers.ts.
  app.use(securityHeaders());
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", ...(opts.health?.() ?? {}) });
  });
  // One Connect handler for both servers: body size, JSON depth and streams per address are checked before
  // a body is decoded (rpc/request-guard.ts). Per-client limits key on the peer's address, never on a header
  // the client could forge.
  const streams = new PeerCalls(limits.maxStreamsPerPeer);
  const connect = guardedConnectHandler({
    routes: opts.routes,
    maxBodyBytes: readMaxBytes,
    maxJsonDepth: limits.maxJsonDepth,
    streams,
    writeMaxBytes,
    acceptCompression: [fastGzip],
    contextValues: (req) => createContextValues().set(CLIENT_ADDRESS, req.socket?.remoteAddress),
  });
  app.use((req, res, next) => connect(req, res, next));
  if (opts.webDir && existsSync(join(opts.webDir, "index.html"))) {
    const webDir = opts.webDir;
    // Precompressed by the build (.br/.gz next to each file), chosen by Accept-Encoding: static-files.ts.
    app.use(precompressedStatic(webDir));
    // Client-side routes get index.html; files with an extension (e.g. a missing .wasm) must 404 instead,
    // or onnxruntime would try to compile HTML.
    app.use((req, res, next) => {
      if ((req.method !== "GET" && req.method !== "HEAD") || /\.[a-z0-9]+$/i.test(req.path)) return next();
      if (!sendStatic(req, res, join(webDir, "index.html"), REVALIDATE)) next();
    });
  } else {
    app.get("/", (_req, res) => {
      res.type("text/plain").send("Neuralmesh gateway. The web app is not built: run `npm run build:web`.\n");
    });
  }
  app.use(notFound());
  app.use(errorAnswer());

  // Slowloris: headers and the whole request must arrive in time, checked every second (default 30 s).
  const httpServer = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: Math.min(5000, limits.idleTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    app,
  );
  httpServer.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const handle = opts.upgrades?.[(req.url ?? "").split("?")[0]];
    if (handle) handle(req, socket, head);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  const grpcServer = http2.createServer(
    // Streams per session are bounded too (Node's default is unlimited).
    { settings: { maxConcurrentStreams: 128 } },
    (req, res) => connect(req, res),
  );
  const connections = new ConnectionGuard({
    perPeer: limits.maxConnectionsPerPeer,
    total: limits.maxConnections,
  });
  connections.attach(httpServer, limits.headersTimeoutMs);
  connections.attach(grpcServer);
  closeIdleSessions(grpcServer, limits.idleTimeoutMs);
  limitRequestTime(grpcServer, limits.requestTimeoutMs);
  const sockets = new Set<import("node:net").Socket>();
  httpServer.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const grpcSessions = new Set<http2.ServerHttp2Session>();
  grpcServer.on("session", (s) => {
    grpcSessions.add(s);
    s.on("close", () => grpcSessions.delete(s));
  });

  await listen(httpServer, opts.httpPort, host);
  await listen(grpcServer, opts.grpcPort, host);
  const httpPort = (httpServer.address() as AddressInfo).port;
  const grpcPort = (grpcServer.address() as AddressInfo).port;
  const shownHost = host === "0.0.0.0" ? "127.0.0.1" : host;
  const running: RunningServers = {
    httpPort,
    grpcPort,
    httpUrl: `http://${shownHost}:${httpPort}`,
    grpcUrl: `http://${shownHost}:${grpcPort}`,
    connections,
    streams,
    async close() {
      // Stop accepting, let in-flight unary calls finish briefly, then cut long-lived streams.
      const closing = Promise.all([
        new Promise<void>((r) => httpServer.close(() => r())),
        new Promise<void>((r) => grpcServer.close(() => r())),
      ]);
      httpServer.closeIdleConnections();
      for (const s of grpcSessions) s.close();
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
        for (const s of grpcSessions) s.destroy();
        connections.destroyAll();
      }, 2000);
      await closing;
      clearTimeout(timer);
    },
  };
  log.info("listening", { http: running.httpUrl, grpc: running.grpcUrl });
  return running;
}

function listen(server: http.Server | http2.Http2Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
