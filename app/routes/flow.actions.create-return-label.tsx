import type { ActionFunctionArgs } from "@remix-run/node";
import { acceptFlowAction } from "../flow/action.server";
import { readCappedBody } from "../http/read-capped.server";
import { runtimeOf } from "../runtime/load-context.server";

// Shopify Flow's "Create return label" action (extensions/flow-create-return-label): the body is read under a cap
// before anything else, then the HMAC, the shape and the run id are checked (app/flow/action.server.ts); the label
// itself is made by a job, so Flow gets its 200 well within its 10 s.

export async function loader() {
  return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const rt = runtimeOf(context);
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405, headers: { allow: "POST" } });
  const body = await readCappedBody(request, rt.env.WEBHOOK_MAX_BYTES);
  if (!body.ok) return new Response("Payload too large", { status: 413, headers: { "content-type": "text/plain", connection: "close" } });
  const answer = await acceptFlowAction(rt, body.bytes, request.headers.get("x-shopify-hmac-sha256"));
  return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.status === 200 ? "application/json" : "text/plain" } });
}
