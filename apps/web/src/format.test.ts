import { describe, expect, it } from "vitest";
import {
  formatAge,
  formatCountdown,
  formatTao,
  shortAddress,
  shortHex,
  u16Fraction,
  u16Percent,
  u16Share,
} from "./format";

describe("u16 shares", () => {
  it("shows u16 values as fractions of 65535", () => {
    expect(u16Fraction(65535)).toBe("1.0000");
    expect(u16Fraction(0)).toBe("0.0000");
    expect(u16Fraction(32767)).toBe("0.5000");
  });
  it("shows u16 values as percentages", () => {
    expect(u16Percent(65535)).toBe("100.00%");
    expect(u16Percent(6553)).toBe("10.00%");
    expect(u16Share(65535, "percent")).toBe("100.00%");
    expect(u16Share(65535, "fraction")).toBe("1.0000");
  });
});

describe("formatTao", () => {
  it("rounds rao to the given decimals with thousands separators", () => {
    expect(formatTao(1_500_000_000n, 2)).toBe("1.50");
    expect(formatTao(1_234_567_890_123n, 4)).toBe("1,234.5679");
    expect(formatTao(0n, 2)).toBe("0.00");
    expect(formatTao(999_999_999n, 0)).toBe("1");
    expect(formatTao(1n, 9)).toBe("0.000000001");
  });
});

describe("short forms", () => {
  it("keeps both ends of hashes and addresses", () => {
    expect(shortHex(`0x${"ab".repeat(32)}`, 4)).toBe("0xabab…abab");
    expect(shortHex("0x1234")).toBe("0x1234");
    expect(shortAddress("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", 4)).toBe("5Grw…utQY");
  });
});

describe("durations", () => {
  it("formats ages and countdowns", () => {
    expect(formatAge(400)).toBe("0.4 s");
    expect(formatAge(12_000)).toBe("12 s");
    expect(formatAge(125_000)).toBe("2 min");
    expect(formatAge(-5)).toBe("0.0 s");
    expect(formatCountdown(4_400)).toBe("4 s");
    expect(formatCountdown(65_000)).toBe("1 min 05 s");
    expect(formatCountdown(-100)).toBe("0 s");
  });
});
