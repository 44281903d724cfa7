// Every test worker starts from a known process environment: nothing of the developer's shell leaks into the
// app's configuration (tests build their configuration with test/runtime.ts, never from process.env).
process.env.NODE_ENV = "test";
