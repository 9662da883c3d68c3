// Replicated mode and its tests run Debian's etcd (etcd-server 3.4). Install it with apt-get when it is
// missing and we are root; otherwise stop with a message that says what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.NM_ETCD ?? "/usr/bin/etcd";
if (existsSync(path)) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(
    `replication needs etcd at ${path}. Install it as root (apt-get install -y etcd-server etcd-client) or set NM_ETCD.`,
  );
  process.exit(1);
}
console.error("etcd is missing: installing Debian's etcd-server with apt-get…");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
try {
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "etcd-server", "etcd-client"], {
    stdio: "inherit",
    env,
  });
} catch (e) {
  console.error(`apt-get could not install etcd-server: ${e.message}`);
  process.exit(1);
}
// The package enables a system etcd on the default ports; ours run on their own ports, so leave it be.
if (!existsSync(path)) {
  console.error(`etcd-server installed but ${path} is still missing`);
  process.exit(1);
}
