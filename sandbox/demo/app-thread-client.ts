import { Worker } from "node:worker_threads";
import type { AppThreadData } from "./app-thread";

// Starts the demo's app thread (app-thread.ts) and speaks to it.

export interface AppThread {
  url: string;
  /** The pages answer from now on. Returns how long the app's thread was busy until then (ms). */
  open(): Promise<number>;
  close(): Promise<void>;
}

export async function startAppThread(data: AppThreadData): Promise<AppThread> {
  const worker = new Worker(new URL("./app-thread-boot.mjs", import.meta.url), { workerData: data });
  const reply = <T>(test: (m: Record<string, unknown>) => boolean) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!test(m)) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(m as T);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const { url } = await reply<{ url: string }>((m) => typeof m.url === "string");
  return {
    url,
    async open() {
      const opened = reply<{ activeMs: number }>((m) => m.opened === true);
      worker.postMessage("open");
      return (await opened).activeMs;
    },
    async close() {
      const closed = reply((m) => m.closed === true);
      worker.postMessage("close");
      await closed;
      await worker.terminate();
    },
  };
}
