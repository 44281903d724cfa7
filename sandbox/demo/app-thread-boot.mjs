// The app thread's entry: TypeScript is loaded through tsx in this thread too, then app-thread.ts runs.
import { register } from "tsx/esm/api";

register();
await import("./app-thread.ts");
