import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { checkGatewayUrl } from "./client";
import { LedgerCallError, ledgerCall, toLedgerCallError } from "./errors";

describe("toLedgerCallError", () => {
  it("takes the stable name from the nm-error header and strips it from the message", () => {
    const error = toLedgerCallError(
      new ConnectError("InsufficientBalance: balance 1 < 2", Code.FailedPrecondition, {
        "nm-error": "InsufficientBalance",
      }),
    );
    expect(error).toMatchObject({ errorName: "InsufficientBalance", message: "balance 1 < 2" });
    expect(error.isRejection).toBe(true);
  });

  it("falls back to a `Name: message` prefix, then to the Connect code's name", () => {
    expect(toLedgerCallError(new ConnectError("SubnetNotFound: subnet 9", Code.NotFound))).toMatchObject({
      errorName: "SubnetNotFound",
      message: "subnet 9",
    });
    const down = toLedgerCallError(new ConnectError("connect ECONNREFUSED 127.0.0.1:1", Code.Unavailable));
    expect(down).toMatchObject({ errorName: "Unavailable", message: "connect ECONNREFUSED 127.0.0.1:1" });
    expect(down.isRejection).toBe(false);
  });

  it.each([
    [Code.InvalidArgument, true],
    [Code.FailedPrecondition, true],
    [Code.NotFound, true],
    [Code.ResourceExhausted, true],
    [Code.AlreadyExists, true],
    [Code.Unavailable, false],
    [Code.Internal, false],
    [Code.DeadlineExceeded, false],
  ])("code %s is a rejection of the request: %s", (code, rejection) => {
    expect(new LedgerCallError("X", "m", code).isRejection).toBe(rejection);
  });

  it("ledgerCall converts ConnectErrors and lets other errors through", async () => {
    await expect(
      ledgerCall(() => Promise.reject(new ConnectError("Stale: nonce", Code.FailedPrecondition))),
    ).rejects.toThrow(LedgerCallError);
    await expect(ledgerCall(() => Promise.reject(new TypeError("bug")))).rejects.toThrow(TypeError);
  });
});

describe("checkGatewayUrl", () => {
  it("accepts http(s) URLs and drops trailing slashes", () => {
    expect(checkGatewayUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
    expect(checkGatewayUrl("https://nm.example/api")).toBe("https://nm.example/api");
  });

  it.each(["127.0.0.1:8080", "ftp://x", "", "http//x"])("refuses %j", (url) => {
    expect(() => checkGatewayUrl(url)).toThrow(TypeError);
  });
});
