import { describe, expect, it } from "vitest";
import { addDays, weekStart, weeksCovering } from "./days";
import { dashboardHref, parseAnalyticsQuery } from "./query";
import { stageOf, STAGES } from "./stages";

describe("analytics query", () => {
  it("defaults to the last 30 days and every platform", () => {
    expect(parseAnalyticsQuery(new URLSearchParams(), "2026-12-05")).toEqual({ from: "2026-11-06", to: "2026-12-05", provider: null });
  });

  it("reads a range and a platform, puts a reversed range right and refuses what is not a date", () => {
    expect(parseAnalyticsQuery(new URLSearchParams("from=2026-11-30&to=2026-11-01&provider=REVER"), "2026-12-05")).toEqual({ from: "2026-11-01", to: "2026-11-30", provider: "REVER" });
    expect(parseAnalyticsQuery(new URLSearchParams("from=2026-02-30&to=soon&provider=DHL"), "2026-12-05")).toEqual({ from: "2026-11-06", to: "2026-12-05", provider: null });
  });

  it("keeps a range to at most 400 days", () => {
    const q = parseAnalyticsQuery(new URLSearchParams("from=2020-01-01&to=2026-12-05"), "2026-12-05");
    expect(q.from).toBe(addDays("2026-12-05", -399));
  });

  it("links to the dashboard with the range, the platform and what the number counts", () => {
    expect(dashboardHref({ from: "2026-11-01", to: "2026-11-30", provider: "REVER" }, { stage: "IN_TRANSIT", carrier: null })).toBe("/app?from=2026-11-01&to=2026-11-30&provider=REVER&stage=IN_TRANSIT");
  });
});

describe("weeks", () => {
  it("start on Monday and cover every day of the range", () => {
    expect(weekStart("2026-12-06")).toBe("2026-11-30");
    expect(weekStart("2026-11-30")).toBe("2026-11-30");
    expect(weeksCovering("2026-11-06", "2026-12-05")).toEqual(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]);
  });
});

describe("stages", () => {
  it("follow Shopify's status first, then the provider's for an open return", () => {
    expect(stageOf("REQUESTED", null)).toBe("REQUESTED");
    expect(stageOf("CLOSED", "IN_WAREHOUSE")).toBe("CLOSED");
    expect(stageOf("CANCELED", "LABEL_CREATED")).toBe("CANCELED");
    expect(stageOf("OPEN", null)).toBe("APPROVED");
    expect(stageOf("OPEN", "PICKUP_IN_PROGRESS")).toBe("PICKUP_BOOKED");
    expect(stageOf("OPEN", "LABEL_CREATED", true)).toBe("PICKUP_BOOKED");
    expect(stageOf("OPEN", "LABEL_CREATED", false)).toBe("LABEL_CREATED");
    expect(stageOf("OPEN", "IN_TRANSIT", true)).toBe("IN_TRANSIT");
    expect(stageOf("OPEN", "IN_TRANSIT")).toBe("IN_TRANSIT");
    expect(stageOf("OPEN", "PICKED_UP")).toBe("IN_TRANSIT");
    expect(stageOf("OPEN", "FAILED")).toBe("PROBLEM");
    expect(stageOf("OPEN", "SOMETHING_NEW")).toBe("APPROVED");
    expect(new Set(["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"].map((s) => stageOf(s, null)))).toEqual(new Set(["REQUESTED", "APPROVED", "CLOSED", "DECLINED", "CANCELED"]));
    expect(STAGES).toHaveLength(10);
  });
});
