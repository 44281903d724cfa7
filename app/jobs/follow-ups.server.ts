import type { FollowUp } from "../returns/follow-ups";
import type { AppJobs } from "./registry.server";

/** The job each follow-up of a use-case becomes (one place, so a new kind fails the compile until it has one). */
export async function enqueueFollowUps(jobs: AppJobs, shop: string, followUps: readonly FollowUp[]): Promise<void> {
  for (const f of followUps) {
    switch (f.kind) {
      case "resolve-reference":
        await jobs.send("link.resolve-reference", { shop, linkId: f.linkId }, { shop });
        break;
      case "push-status":
        await jobs.send("provider.push-status", { shop, linkId: f.linkId, status: f.status, reason: f.reason, eventId: f.eventId }, { shop });
        break;
      case "push-tracking":
        await jobs.send("provider.push-tracking", { shop, linkId: f.linkId, shipmentId: f.shipmentId }, { shop });
        break;
      case "sync-link":
        await jobs.send("link.sync", { shop, linkId: f.linkId }, { shop });
        break;
      case "push-link-tracking":
        await jobs.send("link.push-tracking", { shop, linkId: f.linkId }, { shop });
        break;
      case "automation":
        await jobs.send("automation.run", { shop, linkId: f.linkId, event: f.event, source: f.source, retry: f.retry }, { shop });
        break;
      default: {
        const never: never = f;
        throw new Error(`Unknown follow-up ${JSON.stringify(never)}`);
      }
    }
  }
}
