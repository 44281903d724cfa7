/**
 * graphql-js hands resolvers untyped sources and arguments, and tests read untyped JSON answers; both
 * are checked by the schema or by assertions, so one loosely typed alias serves them all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
