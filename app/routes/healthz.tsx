import type { LoaderFunctionArgs } from "@remix-run/node";
import { runtimeOf } from "../runtime/load-context.server";

// GET /healthz, for the platform that runs the app: 200 when the database answers and the job queue's storage
// does, 503 otherwise. Public, so it says only "ok" or "unavailable" per part; the reason goes to the log.
export async function loader({ context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  let database: "ok" | "unavailable" = "ok";
  try {
    await rt.db.$queryRawUnsafe("SELECT 1");
  } catch (err) {
    database = "unavailable";
    rt.log.error("healthz.database_unavailable", { err });
  }
  const health = await rt.jobs.health();
  if (!health.ok) rt.log.error("healthz.queue_unavailable", { detail: health.detail });
  const queue = health.ok ? "ok" : "unavailable";
  const ok = database === "ok" && health.ok;
  return Response.json({ ok, database, queue }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
