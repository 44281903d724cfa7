import { afterEach } from "vitest";
import type { OutboundGate } from "../../app/http/outbound-gate.server";
import { standIn, type StandIn } from "./outbound-stand-ins";

// The outbound gate and loopback stand-ins one test makes, closed after it (the gate first, then the servers).

export function gatePerTest() {
  let gate: OutboundGate | undefined;
  const servers: StandIn[] = [];
  afterEach(async () => {
    await gate?.close();
    gate = undefined;
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    /** A loopback stand-in closed after the test. */
    async server(handler: Parameters<typeof standIn>[0]): Promise<StandIn> {
      const s = await standIn(handler);
      servers.push(s);
      return s;
    },
    /** The test's gate, closed after the test. */
    track(made: OutboundGate): OutboundGate {
      gate = made;
      return made;
    },
  };
}
