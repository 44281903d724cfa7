import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

// A Vite plugin for the client build: every text asset (JS, CSS) gets .br and .gz siblings at their best
// compression, made once at build time, which the production server sends to browsers that accept them
// (app/server/node-server.server.ts). Polaris' 444 kB stylesheet travels as about 40 kB.

const COMPRESSIBLE = /\.(js|css|svg|json|map)$/;
const MIN_BYTES = 1024;

export function precompress(): Plugin {
  return {
    name: "returns-bridge:precompress",
    apply: "build",
    writeBundle(options, bundle) {
      const dir = options.dir;
      // Only the browser's assets: the server bundle is read from disk by Node, never sent.
      if (!dir || !/build[\\/]client$/.test(dir)) return;
      for (const file of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const full = path.join(dir, file);
        const bytes = readFileSync(full);
        if (bytes.length < MIN_BYTES) continue;
        writeFileSync(`${full}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${full}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
