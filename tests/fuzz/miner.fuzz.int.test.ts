// Fixed-seed fuzzing of a real miner's Forward over gRPC (tests/fuzz/suites/miner.ts); part of npm test.
import { defineFuzzTests } from "./suite";
import { minerSuite } from "./suites/miner";

defineFuzzTests(minerSuite);
