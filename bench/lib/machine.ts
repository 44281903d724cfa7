import { readFileSync } from "node:fs";
import os from "node:os";

// What the figures were measured on: they only mean something next to the machine that produced them.

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) cpu = line.split(":").slice(1).join(":").trim();
  } catch {
    // Not Linux: os.cpus() already gave the model.
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.os}`;
}

/** Share of the machine's CPU time that was busy over `ms` (all processes): shows whether the box was quiet. */
export async function cpuBusyPercent(ms: number): Promise<number | undefined> {
  const read = () => {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    await new Promise((r) => setTimeout(r, ms));
    const b = read();
    return b.total === a.total ? 0 : (100 * (b.total - a.total - (b.idle - a.idle))) / (b.total - a.total);
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to `maxMs`) until the machine is quiet: under `busyPercent` busy over a short sample. Between
 * benchmark rounds our own servers are idle, so what is left is other work on the machine. Returns whether it was.
 */
export async function waitForQuiet(maxMs: number, busyPercent = 25): Promise<boolean> {
  const until = Date.now() + maxMs;
  for (;;) {
    const busy = await cpuBusyPercent(250);
    if (busy === undefined || busy < busyPercent) return true;
    if (Date.now() >= until) return false;
  }
}
