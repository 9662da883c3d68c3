// The gateway logs through the shared structured logger (src/shared/log.ts).
export {
  createLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from "../../../src/shared/log";
