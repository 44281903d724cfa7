import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testHttp } from "../../test/runtime";
import type { Clock } from "../runtime/clock";

// The one HTTP client's rule for creates that are not idempotent: after an answer that never came, look
// whether the create happened before sending it again.

describe("a create whose answer never came", () => {
  let server: Server;
  let url: string;
  let puts = 0;
  /** A client whose backoff waits run `sleep` instead of waiting. */
  const clientSleeping = (sleep: Clock["sleep"]) => testHttp({ clock: { now: () => Date.now(), sleep } });

  beforeAll(async () => {
    // Reads every PUT whole, then drops the connection without an answer: the client cannot know whether it landed.
    server = createServer((req) => {
      if (req.method === "PUT") puts++;
      req.on("end", () => req.socket.destroy());
      req.resume();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
  });
  afterEach(() => {
    puts = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it("waits its backoff before looking, so a create still queued at the server is found instead of made twice", async () => {
    const steps: string[] = [];
    let landed = false;
    // The queued create lands at the server while the client waits.
    const http = clientSleeping(async (ms) => {
      steps.push(`wait ${ms > 0 ? "> 0" : "0"}`);
      landed = true;
    });
    const res = await http.request<{ id: string }>({
      service: "rever",
      access: { purpose: "api", loopbackHosts: [new URL(url).host] },
      method: "PUT",
      url,
      json: { process_id: "p1" },
      timeoutMs: 5000,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 200 },
      lookupBeforeRetry: async () => {
        steps.push("look");
        return landed ? { id: "lo_1" } : undefined;
      },
    });
    expect(res.data).toEqual({ id: "lo_1" });
    expect(steps).toEqual(["wait > 0", "look"]);
    expect(puts).toBe(1);
  });

  it("sends the create again only when the lookup finds nothing, and never more often than its attempts", async () => {
    const http = clientSleeping(async () => {});
    let looks = 0;
    const err = await http.request({
      service: "rever",
      access: { purpose: "api", loopbackHosts: [new URL(url).host] },
      method: "PUT",
      url,
      json: { process_id: "p2" },
      timeoutMs: 5000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
      lookupBeforeRetry: async () => {
        looks++;
        return undefined;
      },
    }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("UnavailableError"); // the connection dropped: retryable, outcome unknown
    expect(puts).toBe(3);
    expect(looks).toBe(2);
  });
});
