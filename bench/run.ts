import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Benchmark } from "./lib/benchmark";
import { updateSection } from "./lib/docs";
import { describeMachine, machineInfo } from "./lib/machine";

// `npm run bench [-- <id>...] [--quick]`: runs every module in bench/ that exports `benchmark`, prints a
// summary, and (unless --quick) writes each one's figures, machine, date and duration to docs/benchmarks.md.

const root = path.resolve(import.meta.dirname, "..");
const docPath = path.join(root, "docs", "benchmarks.md");

async function discover(): Promise<Benchmark[]> {
  const found: Benchmark[] = [];
  const files = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "run.ts")
    .sort();
  for (const file of files) {
    const full = path.join(import.meta.dirname, file);
    // Only modules that declare a benchmark are imported (others, like the soak, may act on import).
    if (!/export const benchmark\b/.test(readFileSync(full, "utf8"))) continue;
    const mod = (await import(pathToFileURL(full).href)) as { benchmark: Benchmark };
    found.push(mod.benchmark);
  }
  return found;
}

function fmtDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const all = await discover();
  const unknown = wanted.filter((w) => !all.some((b) => b.id === w));
  if (unknown.length) throw new Error(`Unknown benchmark(s): ${unknown.join(", ")}; known: ${all.map((b) => b.id).join(", ")}`);
  const selected = wanted.length ? all.filter((b) => wanted.includes(b.id)) : all;
  const machine = describeMachine(machineInfo());
  console.log(`Running ${selected.map((b) => b.id).join(", ")}${quick ? " (quick)" : ""} on ${machine}`);

  const summaries: string[] = [];
  let failed = false;
  for (const b of selected) {
    const started = Date.now();
    const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    try {
      const outcome = await b.run({ quick, log: (m) => console.log(`[${b.id}] ${m}`) });
      const took = fmtDuration(Date.now() - started);
      summaries.push(`## ${b.title} (${took})\n${outcome.summary}`);
      if (!quick) {
        const head = `Run ${date} on ${machine}; took ${took}.`;
        const doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "";
        writeFileSync(docPath, updateSection(doc, b.id, b.title, `${head}\n\n${outcome.markdown}`));
      }
    } catch (err) {
      failed = true;
      summaries.push(`## ${b.title}: FAILED after ${fmtDuration(Date.now() - started)}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`\n${summaries.join("\n\n")}`);
  if (!quick) console.log(`\nWritten to ${path.relative(process.cwd(), docPath)}`);
  if (failed) process.exitCode = 1;
}

await main();
