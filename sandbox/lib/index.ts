// Shared helpers for the provider simulators.
export * from "./example-shape";
export * from "./faults";
export * from "./hostile";
export * from "./label-files";
export * from "./profiles";
export * from "./proto-json";
export * from "./rate-limit";
export * from "./rng";
export * from "./sim-server";
export * from "./validate";
