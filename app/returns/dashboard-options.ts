// The dashboard's vocabulary, shared by its read model (server) and its page (browser).
export const RETURN_STATUSES = ["REQUESTED", "OPEN", "CLOSED", "DECLINED", "CANCELED"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const SORT_FIELDS = ["created", "return", "order", "status", "lastSync", "lastError"] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export type SortDir = "asc" | "desc";
