// Watching a browser for leaked secrets: every request its pages make (HTTP, Connect streams included, and
// WebSocket frames) and everything a page can read back from its storage, searched for each secret in the
// forms it could take (text, hex, base64, raw bytes).
import type { BrowserContext, Page } from "@playwright/test";

export interface Secret {
  label: string;
  /** Text (a mnemonic, a password) or bytes (a seed). */
  value: string | Uint8Array;
}

/** The spellings of a secret that would give it away. */
function needles(secret: Secret): { form: string; bytes: Buffer }[] {
  if (typeof secret.value === "string") return [{ form: "text", bytes: Buffer.from(secret.value, "utf8") }];
  const raw = Buffer.from(secret.value);
  const hex = raw.toString("hex");
  return [
    { form: "raw bytes", bytes: raw },
    { form: "hex", bytes: Buffer.from(hex) },
    { form: "0x-hex upper", bytes: Buffer.from(hex.toUpperCase()) },
    { form: "base64", bytes: Buffer.from(raw.toString("base64")) },
    { form: "base64url", bytes: Buffer.from(raw.toString("base64url")) },
  ];
}

/** Where each secret appears in `haystack` ("mnemonic as text in POST /x"), empty when nowhere. */
export function findSecrets(haystack: Buffer, where: string, secrets: readonly Secret[]): string[] {
  const found: string[] = [];
  for (const s of secrets) {
    for (const n of needles(s)) {
      if (n.bytes.length > 0 && haystack.includes(n.bytes)) found.push(`${s.label} as ${n.form} in ${where}`);
    }
  }
  return found;
}

export interface Recorded {
  where: string;
  body: Buffer;
}

/** Records every request (URL, headers and body) and every WebSocket frame the context's pages send. */
export function recordTraffic(context: BrowserContext): Recorded[] {
  const out: Recorded[] = [];
  context.on("request", (req) => {
    const head = `${req.method()} ${req.url()}\n${Object.entries(req.headers())
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n")}\n`;
    out.push({
      where: `${req.method()} ${req.url()}`,
      body: Buffer.concat([Buffer.from(head), req.postDataBuffer() ?? Buffer.alloc(0)]),
    });
  });
  const watch = (page: Page) =>
    page.on("websocket", (ws) => {
      ws.on("framesent", (f) =>
        out.push({
          where: `WebSocket ${ws.url()}`,
          body: typeof f.payload === "string" ? Buffer.from(f.payload) : f.payload,
        }),
      );
    });
  for (const p of context.pages()) watch(p);
  context.on("page", watch);
  return out;
}

/**
 * Everything the page's origin keeps that a script can read: localStorage, sessionStorage, cookies and every
 * record of every IndexedDB database, serialized with byte values spelled out as hex and base64 as well.
 */
export async function dumpStorage(page: Page): Promise<Buffer> {
  const text = await page.evaluate(async () => {
    const bytesOf = (v: unknown): Uint8Array | undefined =>
      v instanceof ArrayBuffer
        ? new Uint8Array(v)
        : ArrayBuffer.isView(v)
          ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
          : undefined;
    const ser = (v: unknown): string =>
      JSON.stringify(v, (_k, x) => {
        const b = bytesOf(x);
        if (!b) return typeof x === "bigint" ? x.toString() : x;
        let hex = "";
        let bin = "";
        for (const c of b) {
          hex += c.toString(16).padStart(2, "0");
          bin += String.fromCharCode(c);
        }
        return { hex, base64: btoa(bin) };
      });
    const parts: string[] = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) {
        const k = store.key(i) ?? "";
        parts.push(`${k}=${store.getItem(k)}`);
      }
    }
    parts.push(`cookie=${document.cookie}`);
    const dbs = await indexedDB.databases();
    for (const info of dbs) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(info.name as string);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((res, rej) => {
          const r = db.transaction(name, "readonly").objectStore(name).getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        parts.push(`idb:${info.name}/${name}=${ser(rows)}`);
      }
      db.close();
    }
    return parts.join("\n");
  });
  return Buffer.from(text, "utf8");
}
