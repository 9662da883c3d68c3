// The checkpointer's thread copies the WAL back into the database file while the writer's connection
// does none, and reports what it copied.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { type CheckpointReport, WalCheckpointer } from "./wal-checkpointer";

describe("WalCheckpointer", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("checkpoints on its own thread after a commit, and not before one", async () => {
    dir = mkdtempSync(join(tmpdir(), "nm-checkpointer-"));
    const path = join(dir, "db.sqlite");
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("wal_autocheckpoint = 0");
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)");
    const put = db.prepare("INSERT INTO t VALUES (?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 64; i++) put.run(i, Buffer.alloc(64 * 1024, i));
    })();
    const before = statSync(path).size;
    const reports: CheckpointReport[] = [];
    const checkpointer = new WalCheckpointer(path, (r) => reports.push(r), 20);
    await new Promise((r) => setTimeout(r, 150));
    expect(reports).toEqual([]); // nothing was committed since it started
    checkpointer.committed();
    for (let i = 0; i < 100 && reports.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(reports).toHaveLength(1);
    expect(reports[0].error).toBeUndefined();
    expect(reports[0].log).toBeGreaterThan(1000);
    expect(reports[0].checkpointed).toBe(reports[0].log);
    // The pages are in the database file now, and the writer's next checkpoint has nothing left to copy.
    expect(statSync(path).size).toBeGreaterThan(before + 4 * 1024 * 1024);
    const [mine] = db.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
    expect(mine.checkpointed).toBe(mine.log);
    checkpointer.close();
    db.close();
  });
});
