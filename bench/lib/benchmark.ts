// What every benchmark module in bench/ exports as `benchmark`, so `npm run bench` can find and run it.

export interface BenchContext {
  /** Short runs for a smoke check (`npm run bench -- --quick`); figures from them are not written to the docs. */
  quick: boolean;
  log(message: string): void;
}

export interface BenchOutcome {
  /** Markdown for this benchmark's generated block in docs/benchmarks.md (no `## ` heading: run.ts adds it). */
  markdown: string;
  /** A few lines for the console summary. */
  summary: string;
}

export interface Benchmark {
  /** Stable id: the section markers in docs/benchmarks.md and the name to run it alone (`npm run bench -- <id>`). */
  id: string;
  /** The `## ` heading of its section. */
  title: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}
