import { redactText, redactValue } from "./http/redact.server";

// One JSON line per event; every line goes through redaction so no secret is ever logged.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;
let sink: LogSink = (line) => process.stdout.write(`${line}\n`);
let minLevel: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : "info";

/** Tests capture every line to prove no secret leaks. */
export function setLogSink(next: LogSink): LogSink {
  const prev = sink;
  sink = next;
  return prev;
}

export function setLogLevel(level: Level): void {
  minLevel = level;
}

function serializeError(err: unknown): unknown {
  if (err instanceof Error) {
    const json = (err as { toJSON?: () => unknown }).toJSON?.();
    return json ?? { name: err.name, message: err.message };
  }
  return err;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (order[level] < order[minLevel]) return;
  const data: Record<string, unknown> = { t: new Date().toISOString(), level, msg };
  if (fields) {
    for (const [k, v] of Object.entries(fields)) data[k] = k === "err" || v instanceof Error ? serializeError(v) : v;
  }
  sink(redactText(JSON.stringify(redactValue(data))));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
