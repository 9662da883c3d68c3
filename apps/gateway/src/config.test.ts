import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../src/shared/devnet";
import { ConfigError, parseGatewayConfig } from "./config";

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseGatewayConfig(argv, env);
const error = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parse(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("no ConfigError");
};

describe("gateway config: authority flags", () => {
  const dev = devKeypair("authority").ss58;

  it("reads the key file, the seed and the trusted authority from flags or env", () => {
    const a = parse(["--authority-key", "k.key"]);
    expect(a !== "help" && a.authorityKeyFile?.endsWith("/k.key")).toBe(true);
    const b = parse([], { NM_AUTHORITY_KEY_FILE: "/x/a.key" });
    expect(b !== "help" && b.authorityKeyFile).toBe("/x/a.key");
    const c = parse([], { NM_AUTHORITY_SEED: `0x${"ab".repeat(32)}` });
    expect(c !== "help" && c.authoritySeed).toEqual(new Uint8Array(32).fill(0xab));
    const d = parse(["--follow", "http://a:9090", "--trust-authority", dev]);
    expect(d !== "help" && d.trustAuthority).toBe(dev);
    const e = parse(["--follow", "http://a:9090"], { NM_TRUST_AUTHORITY: dev });
    expect(e !== "help" && e.trustAuthority).toBe(dev);
  });

  it("refuses a malformed seed without repeating it", () => {
    const seed = `0x${"cd".repeat(31)}`;
    const message = error([], { NM_AUTHORITY_SEED: seed });
    expect(message).toMatch(/NM_AUTHORITY_SEED: expected 0x followed by 64 hex digits/);
    expect(message).not.toContain("cdcd");
  });

  it("refuses contradictory settings", () => {
    const seed = `0x${"ab".repeat(32)}`;
    expect(error(["--authority-key", "k"], { NM_AUTHORITY_SEED: seed })).toMatch(
      /give the authority key once/,
    );
    expect(error(["--follow", "http://a:9090", "--authority-key", "k"])).toMatch(/a follower never authors/);
    expect(error(["--trust-authority", dev])).toMatch(/is for a follower/);
    expect(error(["--follow", "http://a:9090", "--trust-authority", "5Fnot"])).toMatch(/not a valid SS58/);
  });
});
