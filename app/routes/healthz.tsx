import type { LoaderFunctionArgs } from "@remix-run/node";
import { runtimeOf } from "../runtime/load-context.server";

// GET /healthz, for the platform that runs the app: 200 when the database answers and the job queue's storage
// does, 503 otherwise. No Shopify or provider call, no shop data.
export async function loader({ context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  let database = "ok";
  try {
    await rt.db.$queryRawUnsafe("SELECT 1");
  } catch (err) {
    database = `unavailable: ${(err as Error).message.slice(0, 200)}`;
  }
  const queue = await rt.jobs.health();
  const ok = database === "ok" && queue.ok;
  return Response.json({ ok, database, queue: queue.detail, runsJobs: rt.jobs.working }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
