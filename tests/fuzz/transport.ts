// Raw requests over loopback, below any generated client, so the bytes a server receives are exactly the
// fuzzer's: Connect unary and server-streaming bodies (binary or JSON) over HTTP/1.1 with fetch, and gRPC
// frames over HTTP/2 with node:http2. Every call has a timeout; running into it is reported as a hang.
import http2 from "node:http2";
import { Code } from "@connectrpc/connect";
import { type Answer, codeName } from "./answers";

const decoder = new TextDecoder();

export interface RawCall {
  /** e.g. "/neuralmesh.ledger.v1.LedgerService/GetAccount" */
  path: string;
  body: Uint8Array;
  json?: boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

function connectError(status: number, text: string, headers: Headers): Answer {
  let code = `http_${status}`;
  let message = text.slice(0, 200);
  try {
    const j = JSON.parse(text) as { code?: string; message?: string };
    if (j.code) code = j.code;
    if (j.message !== undefined) message = j.message;
  } catch {}
  return {
    ok: false,
    code,
    message,
    name: headers.get("nm-error") ?? undefined,
    returnCode: headers.get("nm-return-code") ?? undefined,
  };
}

/** A Connect unary call with a raw body. */
export async function connectUnary(baseUrl: string, c: RawCall): Promise<Answer> {
  try {
    const res = await fetch(baseUrl + c.path, {
      method: "POST",
      headers: {
        "content-type": c.json ? "application/json" : "application/proto",
        "connect-protocol-version": "1",
        ...c.headers,
      },
      body: Buffer.from(c.body),
      signal: AbortSignal.timeout(c.timeoutMs ?? 5000),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status === 200) return { ok: true, body: bytes };
    return connectError(res.status, decoder.decode(bytes), res.headers);
  } catch (e) {
    if ((e as Error).name === "TimeoutError") return { ok: false, hang: true };
    throw e;
  }
}

export function envelope(body: Uint8Array, flags = 0): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, body.length);
  out.set(body, 5);
  return out;
}

/**
 * A Connect server-streaming call with a raw (enveloped) body: the answer is its first message, its
 * end-of-stream error, or "open" (ok) when the stream is still waiting for events after `openMs`. Only a
 * server that sends no response headers at all within the timeout hangs.
 */
export async function connectStream(
  baseUrl: string,
  c: RawCall & { openMs?: number; poke?: () => void },
): Promise<Answer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), c.timeoutMs ?? 5000);
  // A stream that waits for an event sends nothing (not even headers) until one comes: make one.
  let poked = false;
  const pokeTimer = setTimeout(() => {
    poked = true;
    c.poke?.();
  }, 100);
  try {
    const res = await fetch(baseUrl + c.path, {
      method: "POST",
      headers: {
        "content-type": c.json ? "application/connect+json" : "application/connect+proto",
        "connect-protocol-version": "1",
        ...c.headers,
      },
      body: Buffer.from(envelope(c.body)),
      signal: abort.signal,
    });
    clearTimeout(timer);
    if (res.status !== 200) {
      return { ...connectError(res.status, await res.text(), res.headers), poked };
    }
    const reader = res.body!.getReader();
    let buf = new Uint8Array();
    const openTimer = setTimeout(() => abort.abort("open"), c.openMs ?? 150);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { ok: true, poked };
        buf = Uint8Array.from([...buf, ...value]);
        if (buf.length < 5) continue;
        const len = new DataView(buf.buffer).getUint32(1);
        if (buf.length < 5 + len) continue;
        const payload = buf.subarray(5, 5 + len);
        if ((buf[0] & 0x02) === 0) return { ok: true, body: payload, poked };
        const end = JSON.parse(decoder.decode(payload)) as {
          error?: { code: string; message?: string };
          metadata?: Record<string, string[]>;
        };
        if (!end.error) return { ok: true, poked };
        return {
          poked,
          ok: false,
          code: end.error.code,
          message: end.error.message ?? "",
          name: end.metadata?.["nm-error"]?.[0],
          returnCode: end.metadata?.["nm-return-code"]?.[0],
        };
      }
    } catch (e) {
      if (abort.signal.reason === "open") return { ok: true, poked };
      throw e;
    } finally {
      clearTimeout(openTimer);
      abort.abort("done");
    }
  } catch (e) {
    clearTimeout(timer);
    if (abort.signal.aborted && abort.signal.reason !== "done") return { ok: false, hang: true };
    throw e;
  } finally {
    clearTimeout(pokeTimer);
  }
}

/** grpc-message is percent-encoded; a server that sends it malformed gets it shown as sent. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One HTTP/2 connection for raw gRPC calls (a fresh one after the server closes it). */
export class GrpcRaw {
  private session: http2.ClientHttp2Session | undefined;
  constructor(private readonly url: string) {}

  private connect(): http2.ClientHttp2Session {
    if (!this.session || this.session.closed || this.session.destroyed) {
      this.session = http2.connect(this.url);
      this.session.on("error", () => undefined);
    }
    return this.session;
  }

  /** A unary gRPC call with the message bytes `c.body` (framed here) and metadata `c.headers`. */
  call(c: RawCall): Promise<Answer> {
    return new Promise((resolve) => {
      const req = this.connect().request({
        ":method": "POST",
        ":path": c.path,
        "content-type": "application/grpc+proto",
        te: "trailers",
        ...c.headers,
      });
      const chunks: Buffer[] = [];
      let headers: http2.IncomingHttpHeaders = {};
      const timer = setTimeout(() => {
        req.close(http2.constants.NGHTTP2_CANCEL);
        resolve({ ok: false, hang: true });
      }, c.timeoutMs ?? 5000);
      const finish = (trailers: http2.IncomingHttpHeaders) => {
        clearTimeout(timer);
        const all = { ...headers, ...trailers };
        const status = Number(all["grpc-status"] ?? Code.Unknown);
        const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
        if (status === 0) {
          const data = Buffer.concat(chunks);
          resolve({ ok: true, body: new Uint8Array(data.subarray(5)) });
          return;
        }
        resolve({
          ok: false,
          code: codeName(status),
          message: percentDecoded(one(all["grpc-message"]) ?? ""),
          name: one(all["nm-error"]),
          returnCode: one(all["nm-return-code"]),
        });
      };
      let trailersSeen = false;
      req.on("response", (h) => {
        headers = h;
      });
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("trailers", (t) => {
        trailersSeen = true;
        finish(t);
      });
      req.on("end", () => {
        if (!trailersSeen) finish({});
      });
      req.on("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // The server may have ended the whole connection (GOAWAY): the next call starts a fresh one.
        this.session?.destroy();
        this.session = undefined;
        // HTTP/2 itself refuses a header block larger than the peer's limit (node's 64 KiB): a refusal of
        // the transport, before any handler. Any other reset or dropped connection is no answer at all.
        const headerBytes = Object.entries(c.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
        if (headerBytes > 16 * 1024) {
          resolve({
            ok: false,
            code: "resource_exhausted",
            message: `HTTP/2 refused ${headerBytes} header bytes (${e.code})`,
          });
        } else {
          resolve({
            ok: false,
            code: "transport_error",
            message: `the HTTP/2 stream failed (${e.code}: ${e.message})`,
          });
        }
      });
      req.end(Buffer.from(envelope(c.body)));
    });
  }

  close(): void {
    this.session?.close();
  }
}
