import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { loadServerBuild } from "../../scripts/lib/server-build";
import { demoGate } from "./gate";
import { attachTimeMachine } from "./time-machine";

// The app of the demo, in a thread of its own: the production build served by the production server (webhook
// ingest, pages, jobs), on the clock of the thread that plays the history, so the two share the machine's cores.
// Messages: "open" lets the pages answer; "close" stops the app.

export interface AppThreadData {
  root: string;
  env: Record<string, string | undefined>;
  clock: SharedArrayBuffer;
}

const data = workerData as AppThreadData;
attachTimeMachine(data.clock);
const { build, bootApp } = await loadServerBuild(data.root);
const gate = demoGate();
// Jobs the history sends are picked up at once: the player waits for them before the clock moves on.
const app = await bootApp({ build, root: data.root, env: data.env, before: [gate.handler], runtime: { queue: { sqlite: { pollMs: 50, concurrency: 8 } } } });
parentPort!.on("message", (m: string) => {
  if (m === "open") {
    gate.open();
    // How busy this thread was until now (DEMO_TIMING): the time its event loop was not idle.
    parentPort!.postMessage({ opened: true, activeMs: performance.eventLoopUtilization().active });
  }
  if (m === "close") void app.close().then(() => parentPort!.postMessage({ closed: true }));
});
parentPort!.postMessage({ url: app.url });
