import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomKeypair, toHex } from "../../../../src/shared/keys";
import { ConfigError } from "../config";
import { createAuthorityKeyfile, readAuthorityKeyfile } from "./keyfile";

describe("authority keyfile", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "nm-keyfile-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, body: unknown, mode = 0o600) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === "string" ? body : JSON.stringify(body), { mode });
    chmodSync(path, mode);
    return path;
  };
  const refused = (path: string, message: RegExp) => {
    let err: unknown;
    try {
      readAuthorityKeyfile(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
    return (err as Error).message;
  };

  it("creates a 0600 plain keyfile in the CLI's format and reads it back", () => {
    const path = join(dir, "sub", "authority.key");
    const key = createAuthorityKeyfile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const file = JSON.parse(readFileSync(path, "utf8"));
    expect(file).toEqual({
      version: 1,
      keyType: "ed25519",
      ss58: key.ss58,
      encrypted: false,
      secretKey: toHex(key.secretKey),
    });
    expect(readAuthorityKeyfile(path).ss58).toBe(key.ss58);
    // Never over an existing file.
    expect(() => createAuthorityKeyfile(path)).toThrow(/appeared while it was being generated/);
    expect(readAuthorityKeyfile(path).ss58).toBe(key.ss58);
  });

  it("refuses a keyfile that group or others may access, without revealing the secret", () => {
    const key = randomKeypair();
    const body = {
      version: 1,
      keyType: "ed25519",
      ss58: key.ss58,
      encrypted: false,
      secretKey: toHex(key.secretKey),
    };
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      const message = refused(write(`k${mode}`, body, mode), /accessible by group or others/);
      expect(message).not.toContain(toHex(key.secretKey).slice(2));
    }
    expect(readAuthorityKeyfile(write("ok", body, 0o400)).ss58).toBe(key.ss58);
  });

  it("refuses missing, damaged, encrypted and mismatched keyfiles", () => {
    const key = randomKeypair();
    const base = {
      version: 1,
      keyType: "ed25519",
      ss58: key.ss58,
      encrypted: false,
      secretKey: toHex(key.secretKey),
    };
    refused(join(dir, "absent"), /does not exist/);
    refused(write("text", "not json"), /is not JSON/);
    refused(write("v2", { ...base, version: 2 }), /version 1 ed25519/);
    refused(write("enc", { ...base, encrypted: true }), /encrypted/);
    refused(write("short", { ...base, secretKey: "0x1234" }), /32-byte/);
    refused(write("other", { ...base, ss58: randomKeypair().ss58 }), /does not belong/);
  });
});
