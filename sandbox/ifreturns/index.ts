export * from "./simulator";
