import { describe, expect, it } from "vitest";
import { isSafeHttpUrl, safeHttpUrl } from "./safe-url";

// The one URL check behind stored and rendered links: only http(s), whatever the spelling tricks.

describe("URLs the app stores or links to", () => {
  it("keeps http and https URLs, normalised", () => {
    expect(safeHttpUrl("https://track.example/PQ1?x=1")).toBe("https://track.example/PQ1?x=1");
    expect(safeHttpUrl("  HTTP://Track.Example/a b ")).toBe("http://track.example/a%20b");
  });

  it.each([
    "javascript:alert(document.domain)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example/label.pdf",
    "//track.example/PQ1",
    "/relative/path",
    "https://user:pass@track.example/",
    "https://",
    "",
  ])("refuses %j", (value) => {
    expect(safeHttpUrl(value)).toBeUndefined();
    expect(isSafeHttpUrl(value)).toBe(false);
  });

  it("refuses what is not a string and URLs longer than 2048 characters", () => {
    expect(safeHttpUrl(null)).toBeUndefined();
    expect(safeHttpUrl({ href: "https://a.example" })).toBeUndefined();
    expect(safeHttpUrl(`https://a.example/${"x".repeat(2048)}`)).toBeUndefined();
  });
});
