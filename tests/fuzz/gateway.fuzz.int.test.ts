// Fixed-seed fuzzing of every RPC of a real gateway over loopback (tests/fuzz/suites/gateway.ts); part of npm test.
import { defineFuzzTests } from "./suite";
import { gatewaySuite } from "./suites/gateway";

defineFuzzTests(gatewaySuite);
