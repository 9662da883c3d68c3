#!/usr/bin/env node
// The installed `neuralmesh` command: registers tsx so the CLI's TypeScript sources run as they are.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
