import { describe, expect, it } from "vitest";
import { csvField, parseCsv, toCsv } from "./csv";

describe("csv", () => {
  it("quotes only fields that need it", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });
  it("writes a header and CRLF rows that parse back", () => {
    const text = toCsv(
      ["uid", "hotkey"],
      [
        ["0", "5Abc"],
        ["1", "x,y"],
      ],
    );
    expect(text).toBe('uid,hotkey\r\n0,5Abc\r\n1,"x,y"\r\n');
    expect(parseCsv(text)).toEqual([
      ["uid", "hotkey"],
      ["0", "5Abc"],
      ["1", "x,y"],
    ]);
  });
  it("round-trips quotes and newlines", () => {
    const rows = [['a "b"', "c\r\nd", ""]];
    expect(parseCsv(toCsv(["x", "y", "z"], rows)).slice(1)).toEqual(rows);
  });
});
