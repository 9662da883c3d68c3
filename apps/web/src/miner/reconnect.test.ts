import { describe, expect, it } from "vitest";
import { afterStream, REPLACED } from "./reconnect";

const policy = { baseMs: 1_000, maxMs: 5_000 };
const unreachable = { name: "GatewayUnreachable", message: "cannot reach the gateway (Failed to fetch)" };

describe("afterStream (what follows the end of a Serve stream)", () => {
  it("a transport failure reconnects, doubling the delay up to the cap", () => {
    const delays = [0, 1, 2, 3, 4, 10].map((attempt) => {
      const d = afterStream({ kind: "failed", error: unreachable }, attempt, policy);
      expect(d).toMatchObject({ action: "retry", error: unreachable });
      return d.action === "retry" ? d.delayMs : -1;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it("a stream the gateway ended with nobody else connected (a restart) reconnects", () => {
    const d = afterStream({ kind: "ended", servedElsewhere: false }, 0, policy);
    expect(d).toMatchObject({ action: "retry", delayMs: 1_000, error: { name: "StreamEnded" } });
  });

  it("a stream ended because another connection holds the hotkey stops as replaced", () => {
    expect(afterStream({ kind: "ended", servedElsewhere: true }, 3, policy)).toEqual({
      action: "stop",
      state: "replaced",
      error: REPLACED,
    });
  });

  it("refusals a retry cannot fix stop with their reason", () => {
    for (const name of ["NotRegistered", "BadSignature", "InvalidAddress", "StaleHello"]) {
      const error = { name, message: "refused" };
      expect(afterStream({ kind: "failed", error }, 0, policy)).toEqual({
        action: "stop",
        state: "stopped",
        error,
      });
    }
    // A refusal of another kind (say the gateway's rate limit) is worth a retry.
    expect(
      afterStream({ kind: "failed", error: { name: "RateLimited", message: "" } }, 0, policy).action,
    ).toBe("retry");
  });
});
