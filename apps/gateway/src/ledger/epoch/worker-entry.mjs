// The epoch worker thread's entry. Plain JavaScript, so it starts however the gateway runs (tsx, vitest,
// plain node): it loads the TypeScript body through tsx's scoped loader (tsx is a runtime dependency).
import { tsImport } from "tsx/esm/api";

await tsImport("./worker-main.ts", import.meta.url);
