import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WalletError } from "./errors";
import { askNewPassword, askPassword } from "./password";
import { NO_TERMINAL, type Terminal } from "./terminal";

const dir = mkdtempSync(join(tmpdir(), "nm-pw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A terminal whose person types the given answers in order. */
function typing(...answers: string[]): Terminal {
  return {
    interactive: true,
    readSecret: async () => answers.shift() ?? "",
    confirm: async () => false,
  };
}

async function code(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(WalletError);
    return (error as WalletError).code;
  }
  throw new Error("expected a WalletError");
}

describe("passwords", () => {
  it("reads a password file whole, less one trailing newline", async () => {
    const source = (text: string) => ({ passwordFile: file("p", text), terminal: NO_TERMINAL });
    expect(await askPassword(source("s3cret\n"), "coldkey")).toBe("s3cret");
    expect(await askPassword(source(" two words \r\n"), "coldkey")).toBe(" two words ");
    expect(await askNewPassword(source("x\n\n"), "coldkey")).toBe("x\n");
  });

  it("refuses a missing or empty password file", async () => {
    const missing = { passwordFile: join(dir, "absent"), terminal: NO_TERMINAL };
    expect(await code(askPassword(missing, "coldkey"))).toBe("PASSWORD_FILE_UNREADABLE");
    const empty = { passwordFile: file("e", "\n"), terminal: NO_TERMINAL };
    expect(await code(askPassword(empty, "coldkey"))).toBe("EMPTY_PASSWORD");
  });

  it("without a file and without a terminal, says to pass --password-file", async () => {
    await expect(askPassword({ terminal: NO_TERMINAL }, "coldkey of wallet x")).rejects.toThrow(
      /stdin is not a terminal.*--password-file/,
    );
  });

  it("asks a new password twice on a terminal", async () => {
    expect(await askNewPassword({ terminal: typing("abc", "abc") }, "coldkey")).toBe("abc");
    expect(await code(askNewPassword({ terminal: typing("abc", "abd") }, "coldkey"))).toBe(
      "PASSWORD_MISMATCH",
    );
    expect(await code(askNewPassword({ terminal: typing("") }, "coldkey"))).toBe("EMPTY_PASSWORD");
    expect(await askPassword({ terminal: typing("typed") }, "coldkey")).toBe("typed");
  });
});
