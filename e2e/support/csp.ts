// Collects every Content-Security-Policy violation a page reports: the `securitypolicyviolation` events of
// each document (an init script forwards them through an exposed function, so they survive navigations) and
// chromium's "Refused to ..." console errors of the page and of its workers (where no init script runs).
import type { ConsoleMessage, Page } from "@playwright/test";

export interface CspViolation {
  directive: string;
  blocked: string;
  source?: string;
  sample?: string;
}

const REFUSED = /Content Security Policy|Refused to (load|execute|connect|create|apply|compile|frame)/i;

export async function watchCsp(page: Page): Promise<CspViolation[]> {
  const seen: CspViolation[] = [];
  await page.exposeFunction("__nmCspViolation", (v: CspViolation) => seen.push(v));
  await page.addInitScript(() => {
    const report = (globalThis as unknown as { __nmCspViolation: (v: unknown) => void }).__nmCspViolation;
    document.addEventListener("securitypolicyviolation", (e) =>
      report({
        directive: e.effectiveDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}`,
        sample: e.sample,
      }),
    );
  });
  const fromConsole = (m: ConsoleMessage) => {
    if (m.type() === "error" && REFUSED.test(m.text())) {
      seen.push({ directive: "console", blocked: m.text(), source: m.location().url });
    }
  };
  page.on("console", fromConsole);
  page.on("worker", (w) => w.on("console", fromConsole));
  return seen;
}
