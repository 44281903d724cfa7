import { fork, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";

// Each server under test runs in its own process so the load generator never shares its event loop.
// Parent and child talk over the IPC channel: the child announces its port, reports CPU time on request,
// and exits when told to or when the parent goes away (so nothing outlives the benchmark).

type ToChild = { type: "cpu" } | { type: "stop" };
type FromChild = { type: "ready"; port: number } | { type: "cpu"; userMs: number; systemMs: number } | { type: "failed"; message: string };

/**
 * Runs a benchmark process (a server, or the generator itself when no pid is given) at nice -10 when allowed,
 * so other work on a shared machine disturbs the figures less. Returns whether it could.
 */
export function raisePriority(pid?: number): boolean {
  try {
    if (pid === undefined) os.setPriority(-10);
    else os.setPriority(pid, -10);
    return true;
  } catch {
    return false;
  }
}

export interface ServerChild {
  name: string;
  port: number;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startServerChild(name: string, script: string, env: Record<string, string>, timeoutMs = 60_000, nodeFlags: string[] = []): Promise<ServerChild> {
  const stderr: string[] = [];
  const child: ChildProcess = fork(path.resolve(script), [], {
    // BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of each server (open it in Chrome DevTools).
    execArgv: [...nodeFlags, "--import", "tsx", ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
    env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", process.env.BENCH_CHILD_STDERR ? "inherit" : "pipe", "ipc"],
  });
  raisePriority(child.pid);
  child.stderr?.on("data", (c: Buffer) => {
    stderr.push(c.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name}: not ready after ${timeoutMs} ms\n${stderr.join("")}`));
    }, timeoutMs);
    const onMessage = (m: FromChild) => {
      if (m.type === "ready") {
        clearTimeout(timer);
        child.off("message", onMessage);
        resolve(m.port);
      } else if (m.type === "failed") {
        clearTimeout(timer);
        reject(new Error(`${name}: ${m.message}\n${stderr.join("")}`));
      }
    };
    child.on("message", onMessage);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with ${code} before it was ready\n${stderr.join("")}`));
    });
  });
  const ask = (m: ToChild) => child.send(m);
  return {
    name,
    port,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        const onMessage = (m: FromChild) => {
          if (m.type !== "cpu") return;
          child.off("message", onMessage);
          resolve(m.userMs + m.systemMs);
        };
        child.on("message", onMessage);
        ask({ type: "cpu" });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        ask({ type: "stop" });
      }),
  };
}

/** Child side: build the server, listen on loopback, announce the port, serve CPU queries, stop on request or parent exit. */
/** `listening`: the server is already listening (the app's own boot); else it is started here on a free port. */
export function runServerMain(main: () => Promise<{ server: Server; close?: () => Promise<void>; listening?: boolean }>): void {
  const send = (m: FromChild, then: () => void = () => {}) => (process.send ? process.send(m, undefined, {}, then) : then());
  const fail = (err: unknown) => send({ type: "failed", message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1));
  void (async () => {
    const { server, close, listening } = await main();
    if (!listening) {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
    }
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      if (!listening) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await close?.().catch(() => {});
      process.exit(0);
    };
    process.on("message", (m: ToChild) => {
      if (m.type === "cpu") {
        const u = process.cpuUsage();
        send({ type: "cpu", userMs: u.user / 1000, systemMs: u.system / 1000 });
      } else if (m.type === "stop") void shutdown();
    });
    process.on("disconnect", () => void shutdown());
    send({ type: "ready", port: (server.address() as { port: number }).port });
  })().catch(fail);
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}
