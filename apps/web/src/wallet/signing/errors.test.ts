import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { KEY_ERROR_CODES, KeyError } from "../../../../../src/shared/keys/errors";
import { ERROR_MEANINGS, explainError, explainResult } from "./errors";

const root = resolve(import.meta.dirname, "../../../../..");

/** The ledger's stable names, read from its source (the web may not import the gateway). */
function ledgerNames(): string[] {
  const text = readFileSync(resolve(root, "apps/gateway/src/ledger/state/errors.ts"), "utf8");
  const table = /LEDGER_ERRORS = \{([\s\S]*?)\} as const/.exec(text)?.[1] ?? "";
  return [...table.matchAll(/^\s*([A-Z][A-Za-z0-9]*):/gm)].map((m) => m[1]);
}

describe("the wallet's error meanings", () => {
  it("cover every ledger error name and every key error code", () => {
    const names = ledgerNames();
    expect(names.length).toBeGreaterThan(50);
    for (const name of [...names, ...KEY_ERROR_CODES]) expect(ERROR_MEANINGS[name], name).toBeTruthy();
  });

  it("explain a gateway refusal by the nm-error name", () => {
    const err = new ConnectError(
      "InsufficientBalance: balance 5 rao is less than 9",
      Code.FailedPrecondition,
      {
        "nm-error": "InsufficientBalance",
      },
    );
    const shown = explainError(err);
    expect(shown.name).toBe("InsufficientBalance");
    expect(shown.message).toBe("balance 5 rao is less than 9");
    expect(shown.meaning).toMatch(/does not cover/);
  });

  it("explain a keystore error by its code and a key error by its code", () => {
    const wallet = Object.assign(new Error("the password does not open this key"), {
      name: "WalletError",
      code: "WrongPassword",
    });
    expect(explainError(wallet)).toMatchObject({
      name: "WrongPassword",
      meaning: expect.stringMatching(/password/),
    });
    expect(explainError(new KeyError("BAD_CHECKSUM", "checksum"))).toMatchObject({ name: "BAD_CHECKSUM" });
  });

  it("explain an included failure; an unknown name keeps its message and has no meaning", () => {
    expect(explainResult("BurnAboveLimit", "burn 2 > 1").meaning).toMatch(/nothing was burned/);
    expect(explainResult("", "x").name).toBe("ExtrinsicFailed");
    expect(explainResult("SomethingNew", "m")).toEqual({
      name: "SomethingNew",
      message: "m",
      meaning: undefined,
    });
  });
});
