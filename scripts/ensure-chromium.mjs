// e2e drives Debian's chromium (browsers cannot be downloaded here). Install it with apt-get when it is
// missing and we are root; otherwise stop with a message that says what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.NM_CHROMIUM ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(
    `e2e needs Chromium at ${path}. Install it as root (apt-get install -y chromium) or set NM_CHROMIUM.`,
  );
  process.exit(1);
}
console.error("chromium is missing: installing Debian's chromium with apt-get (about 30 s)…");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
try {
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
    stdio: "inherit",
    env,
  });
} catch (e) {
  console.error(`apt-get could not install chromium: ${e.message}`);
  process.exit(1);
}
if (!existsSync(path)) {
  console.error(`chromium installed but ${path} is still missing`);
  process.exit(1);
}
