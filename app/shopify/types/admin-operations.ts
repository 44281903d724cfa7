// Extended by the generated admin.generated.d.ts (module augmentation): each #graphql document's exact text
// maps to its { return, variables } types, which AdminClient.request reads. Run `npm run codegen` to refresh.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminQueries {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminMutations {}
