// The simulation harness is part of src/shared: it must run unchanged in the browser.
import { expectBrowserSafe } from "../../testing/browser-safe";

expectBrowserSafe(
  "consensus/simulate",
  import.meta.glob<string>(["./*.ts", "!./*.test.ts"], { query: "?raw", import: "default", eager: true }),
);
