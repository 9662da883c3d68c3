// The report a chaos run prints: faults by kind, transfers, and every check with its figures.
import { ROLES } from "./process";
import type { ChaosReport } from "./run";

export function formatReport(r: ChaosReport): string {
  const lines: string[] = [];
  lines.push(`chaos summary (seed ${r.seed}, ${r.minutes} min of faults, best block ${r.bestBlock})`);
  lines.push(`  faults: ${r.faults.length}`);
  for (const role of ROLES) {
    const of = r.faults.filter((f) => f.role === role);
    const kill = of.filter((f) => f.signal === "SIGKILL").length;
    const term = of.length - kill;
    const back = of.map((f) => f.restartMs).filter((ms): ms is number => ms !== undefined);
    const mean = back.length ? Math.round(back.reduce((a, b) => a + b, 0) / back.length) : 0;
    lines.push(
      `    ${role.padEnd(9)} ${String(of.length).padStart(3)}  (SIGKILL ${kill}, SIGTERM ${term})` +
        (back.length ? `, back in ${mean} ms on average` : ""),
    );
  }
  const t = r.transfers;
  lines.push(
    `  transfers included: ${t.included} (${t.viaAuthority} via the authority, ${t.viaFollower} via the ` +
      `follower); ${t.failedSubmissions} submissions cut off or refused`,
  );
  const passed = r.checks.filter((c) => c.ok).length;
  lines.push(`  checks: ${passed} of ${r.checks.length} passed`);
  for (const c of r.checks) lines.push(`    ${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  lines.push(r.ok ? "chaos: all checks passed" : `chaos: FAILED (data and logs kept in ${r.dir})`);
  return lines.join("\n");
}
