// Structured logs: one JSON object per line (stderr in Node, the console in a browser), so they can be
// grepped or shipped as they are. Shared by the gateway and the neurons.
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}

function defaultLevel(): LogLevel {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const level = env?.NM_LOG_LEVEL;
  return level === "debug" || level === "warn" || level === "error" ? level : "info";
}

export function createLogger(
  base: LogFields = {},
  level: LogLevel = defaultLevel(),
  sink: (line: string) => void = (line) => console.error(line),
): Logger {
  const emit = (lvl: LogLevel, msg: string, fields?: LogFields) => {
    if (order[lvl] < order[level]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields }, jsonSafe));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...base, ...fields }, level, sink),
  };
}

/** For tests and embedded use: drops everything. */
export const silentLogger: Logger = createLogger({}, "error", () => {});
