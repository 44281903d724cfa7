import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildIsFresh, sourceHash, writeBuildStamp } from "./build-stamp";

const dirs: string[] = [];
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rb-stamp-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "app", "routes"), { recursive: true });
  writeFileSync(path.join(dir, "app", "root.tsx"), "export default 1;\n");
  writeFileSync(path.join(dir, "app", "routes", "app.tsx"), "export default 2;\n");
  for (const f of ["vite.config.ts", "tsconfig.json", "package.json", "package-lock.json"]) writeFileSync(path.join(dir, f), `${f}\n`);
  return dir;
}
function build(dir: string): void {
  mkdirSync(path.join(dir, "build", "server"), { recursive: true });
  writeFileSync(path.join(dir, "build", "server", "index.js"), "// built\n");
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("build stamp", () => {
  it("calls a build fresh until a source it was made from changes", () => {
    const dir = project();
    expect(buildIsFresh(dir)).toBe(false);
    build(dir);
    expect(buildIsFresh(dir)).toBe(false);
    writeBuildStamp(dir);
    expect(buildIsFresh(dir)).toBe(true);
    writeFileSync(path.join(dir, "app", "routes", "app.tsx"), "export default 3;\n");
    expect(buildIsFresh(dir)).toBe(false);
  });

  it("notices a new file and a changed dependency lock, not a copy of the same sources elsewhere", () => {
    const dir = project();
    const before = sourceHash(dir);
    const copy = mkdtempSync(path.join(tmpdir(), "rb-stamp-copy-"));
    dirs.push(copy);
    cpSync(dir, copy, { recursive: true });
    expect(sourceHash(copy)).toBe(before);
    writeFileSync(path.join(dir, "app", "new.ts"), "export {};\n");
    expect(sourceHash(dir)).not.toBe(before);
    writeFileSync(path.join(copy, "package-lock.json"), "changed\n");
    expect(sourceHash(copy)).not.toBe(before);
  });
});
