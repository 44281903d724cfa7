import { describe, expect, it } from "vitest";
import { reasonOfMessage, reasonOfStatus, reasonShape } from "./failure-reasons.server";

describe("failure reasons", () => {
  it("count one reason for messages that differ only in their particulars", () => {
    const a = reasonOfMessage('REVER answered code 3: carrier GLS is not available for provider SendCloud (process proc_1004-R1, order "#1004")');
    const b = reasonOfMessage('REVER answered code 3: carrier GLS is not available for provider SendCloud (process proc_1047-R1, order "#1047")');
    expect(a.key).toBe(b.key);
    expect(a.message).toContain("proc_1004-R1");
  });

  it("tell different reasons apart", () => {
    const gls = reasonOfMessage("REVER answered code 3: carrier GLS is not available for provider SendCloud");
    const phone = reasonOfMessage("iF returns requires a phone for the origin address");
    expect(gls.key).not.toBe(phone.key);
  });

  it("take out numbers, ids, URLs and e-mail addresses", () => {
    expect(reasonShape("Tracking 1Z999AA10123456784 for ana@example.com at https://x.example/t/1 took 35 s")).toBe("Tracking <id> for <email> at <url> took <n> s");
  });

  it("name failed shipments by the provider status, whatever the vendor word", () => {
    expect(reasonOfStatus("FAILED", "ERROR").key).toBe(reasonOfStatus("FAILED", null).key);
    expect(reasonOfStatus("PICKUP_FAILED", null).key).not.toBe(reasonOfStatus("FAILED", null).key);
  });
});
