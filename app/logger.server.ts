import { redactText, redactValue } from "./http/redact.server";

// One JSON line per event; every line is redacted (sensitive keys, bearer tokens, and the secrets this logger
// was told of). Loggers are values passed along, never a module-wide sink: the runtime makes the root one, a
// shop context or a job makes a child that also knows the secrets it decrypted.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger with these fields on every line and its own set of secrets (starting with its parent's). */
  child(fields?: Record<string, unknown>): ScopedLogger;
}

export interface ScopedLogger extends Logger {
  /** A secret this scope now knows (a decrypted credential): removed from every line it writes from now on. */
  addSecret(value: string | null | undefined): void;
  /** The secrets known to this scope, for error texts that leave it. */
  readonly secrets: ReadonlySet<string>;
}

export interface LoggerOptions {
  sink?: LogSink;
  level?: LogLevel;
  /** Clock for the line's timestamp. */
  now?: () => Date;
}

function serializeError(err: unknown): unknown {
  if (err instanceof Error) {
    const json = (err as { toJSON?: () => unknown }).toJSON?.();
    return json ?? { name: err.name, message: err.message };
  }
  return err;
}

export const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);

export function createLogger(options: LoggerOptions = {}): ScopedLogger {
  const sink = options.sink ?? stdoutSink;
  const min = ORDER[options.level ?? "info"];
  const now = options.now ?? (() => new Date());

  function make(base: Record<string, unknown>, inherited: ReadonlySet<string>): ScopedLogger {
    const secrets = new Set(inherited);
    const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const data: Record<string, unknown> = { t: now().toISOString(), level, msg, ...base };
      if (fields) for (const [k, v] of Object.entries(fields)) data[k] = k === "err" || v instanceof Error ? serializeError(v) : v;
      sink(redactText(JSON.stringify(redactValue(data, secrets)), secrets));
    };
    return {
      debug: (msg, fields) => write("debug", msg, fields),
      info: (msg, fields) => write("info", msg, fields),
      warn: (msg, fields) => write("warn", msg, fields),
      error: (msg, fields) => write("error", msg, fields),
      child: (fields) => make({ ...base, ...fields }, secrets),
      addSecret(value) {
        if (value && value.length >= 6) secrets.add(value);
      },
      secrets,
    };
  }
  return make({}, new Set());
}
