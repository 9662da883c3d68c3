// Fixed-seed fuzzing of the decoders of hostile bytes (tests/fuzz/suites/decoders.ts); part of npm test.
import { defineFuzzTests } from "./suite";
import { decoderSuite } from "./suites/decoders";

defineFuzzTests(decoderSuite);
