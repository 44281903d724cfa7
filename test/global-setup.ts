// Runs once before all test files: nothing global yet beyond a sanity check of the environment.
export default function setup() {
  return () => {};
}
