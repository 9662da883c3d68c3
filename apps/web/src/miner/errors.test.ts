import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { AmountError } from "../../../../src/shared/extrinsics";
import { KeyError } from "../../../../src/shared/keys";
import { WalletError } from "../wallet/keystore";
import { describeError, MinerError } from "./errors";

describe("describeError", () => {
  it("reads the gateway's stable name from the nm-error header or the message", () => {
    const withHeader = new ConnectError("RateLimited: try again in 42 s", Code.ResourceExhausted, {
      "nm-error": "RateLimited",
    });
    expect(describeError(withHeader)).toEqual({ name: "RateLimited", message: "try again in 42 s" });
    const inMessage = new ConnectError("NotRegistered: hotkey 5x is not registered", Code.FailedPrecondition);
    expect(describeError(inMessage)).toEqual({
      name: "NotRegistered",
      message: "hotkey 5x is not registered",
    });
  });

  it("names transport failures so people know the gateway is the problem", () => {
    const down = new ConnectError("Failed to fetch", Code.Unknown);
    expect(describeError(down).name).toBe("GatewayUnreachable");
    expect(describeError(new ConnectError("nope", Code.PermissionDenied)).name).toBe("PermissionDenied");
  });

  it("keeps the codes of key, wallet, amount and page errors", () => {
    expect(describeError(new WalletError("WrongPassword", "wrong password for account x"))).toEqual({
      name: "WrongPassword",
      message: "wrong password for account x",
    });
    expect(describeError(new KeyError("BAD_MNEMONIC_WORD", "word 3 of 12"))).toEqual({
      name: "BAD_MNEMONIC_WORD",
      message: "word 3 of 12",
    });
    expect(describeError(new AmountError("bad")).name).toBe("BadAmount");
    expect(describeError(new MinerError("ModelUnavailable", "404"))).toEqual({
      name: "ModelUnavailable",
      message: "404",
    });
    expect(describeError("odd")).toEqual({ name: "Error", message: "odd" });
  });
});

describe("describeError on plain objects (issue 17: never [object Object])", () => {
  it("keeps the name and message of a ShownError or a worker's posted failure", () => {
    expect(describeError({ name: "GatewayUnreachable", message: "cannot reach the gateway" })).toEqual({
      name: "GatewayUnreachable",
      message: "cannot reach the gateway",
    });
    expect(describeError({ message: "no name" })).toEqual({ name: "Error", message: "no name" });
  });

  it("shows any other object as its JSON, never as [object Object]", () => {
    const shown = describeError({ code: 14, detail: 5n });
    expect(shown).toEqual({ name: "Error", message: '{"code":14,"detail":"5"}' });
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(describeError(circular).message).toBe("unknown error");
    expect(describeError(circular).message).not.toContain("[object Object]");
  });
});
