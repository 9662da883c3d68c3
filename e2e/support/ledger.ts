// Reading the ledger from tests through the gateway's Connect JSON endpoints (the same origin as the app).
import type { APIRequestContext } from "@playwright/test";

export async function rpc<T = Record<string, unknown>>(
  request: APIRequestContext,
  method: string,
  body: Record<string, unknown> = {},
): Promise<T> {
  const res = await request.post(`/neuralmesh.ledger.v1.LedgerService/${method}`, {
    data: body,
    headers: { "content-type": "application/json" },
  });
  if (!res.ok()) throw new Error(`${method}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface MetagraphJson {
  block: string;
  epochBlock?: string;
  n: number;
  hotkeys: string[];
  coldkeys: string[];
  stake?: string[];
  incentive?: number[];
  dividends?: number[];
  emission?: string[];
  validatorPermit?: boolean[];
}

/** Waits until subnet 1 has run an epoch with weights (some incentive), so consensus columns are non-zero. */
export async function waitForConsensus(request: APIRequestContext, netuid = 1): Promise<MetagraphJson> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mg = await rpc<MetagraphJson>(request, "GetMetagraph", { netuid });
    if ((mg.incentive ?? []).some((x) => x > 0)) return mg;
    if (Date.now() > deadline) throw new Error("no epoch with incentive within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const SCREENSHOTS = "test-results/screenshots";
