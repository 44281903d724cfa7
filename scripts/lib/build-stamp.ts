import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// Whether build/ was made from the sources as they are now: a hash of everything `remix vite:build` reads from
// the project (app/, the Vite and TypeScript configuration, the locked dependencies), written beside the build.

const INPUTS = ["app", "vite.config.ts", "tsconfig.json", "package.json", "package-lock.json"];
const STAMP = path.join("build", ".source-hash");

function files(root: string, rel: string): string[] {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full, { withFileTypes: true })
    .filter((d) => !d.name.startsWith("."))
    .flatMap((d) => (d.isDirectory() ? files(root, path.join(rel, d.name)) : [path.join(rel, d.name)]));
}

/** The hash of the build's inputs (test files included: cheap to hash, and they change nothing when built). */
export function sourceHash(root: string): string {
  const h = createHash("sha256");
  for (const f of INPUTS.flatMap((i) => files(root, i)).sort()) {
    h.update(f);
    h.update("\0");
    h.update(readFileSync(path.join(root, f)));
    h.update("\0");
  }
  return h.digest("hex");
}

/** True when build/ exists and its stamp is the hash of the sources as they are. */
export function buildIsFresh(root: string, hash = sourceHash(root)): boolean {
  const stamp = path.join(root, STAMP);
  return existsSync(path.join(root, "build", "server", "index.js")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash;
}

export function writeBuildStamp(root: string, hash = sourceHash(root)): void {
  writeFileSync(path.join(root, STAMP), `${hash}\n`);
}
