import { GraphQLError, type GraphQLResolveInfo } from "graphql";

// Protected customer data: which fields a shop's approval lets the app read, and Shopify's answer for the rest
// (HTTP 200, the field null, an error naming the path).
// https://shopify.dev/docs/apps/launch/protected-customer-data ("Example API requests for protected customer data")

/** The protected customer fields an app requests one by one. */
export type ProtectedField = "name" | "email" | "phone" | "address";

export interface ProtectedCustomerData {
  /** none: no customer data; level1: customer data without name, email, phone, address; level2: with the fields listed. */
  level: "none" | "level1" | "level2";
  /** Level 2 only: the protected fields approved (default all four). */
  fields?: ProtectedField[];
}

export const FULL_ACCESS: ProtectedCustomerData = { level: "level2", fields: ["name", "email", "phone", "address"] };

/** Types that hold data about a single customer ("Protected customer data API types and resources"). */
const PROTECTED_TYPES = new Set(["Customer", "Order", "FulfillmentOrder"]);

/** Docs: name = first and last names; address = address lines 1 and 2, geolocation and zip codes; email; phone. */
const PROTECTED_FIELDS: Record<string, Record<string, ProtectedField>> = {
  Customer: {
    firstName: "name",
    lastName: "name",
    displayName: "name",
    email: "email",
    defaultEmailAddress: "email",
    phone: "phone",
    defaultPhoneNumber: "phone",
    defaultAddress: "address",
    addresses: "address",
  },
  Order: { email: "email", phone: "phone" },
  MailingAddress: {
    firstName: "name",
    lastName: "name",
    name: "name",
    address1: "address",
    address2: "address",
    zip: "address",
    latitude: "address",
    longitude: "address",
    phone: "phone",
  },
};

// The docs show the partner dashboard link with the app's own numbers; these are placeholders.
const DETAILS = "See https://partners.shopify.com/0/apps/0/customer_data for more details.";

/** Raised from a resolver: graphql-js nulls the field and reports the error at its path, without extensions (as documented). */
export class ProtectedDataError extends GraphQLError {
  constructor(typeName: string) {
    super(`This app is not approved to access the ${typeName} object. ${DETAILS}`, { extensions: { shopifyBare: true } });
  }
}

function namedTypeOf(info: GraphQLResolveInfo): string {
  let t = info.returnType as { ofType?: unknown; name?: string };
  while (t.ofType) t = t.ofType as typeof t;
  return t.name ?? "";
}

/** Throws when the shop's approval does not cover this field (checked before the field resolves). */
export function checkProtectedAccess(access: ProtectedCustomerData, info: GraphQLResolveInfo): void {
  if (access.level === "level2" && !access.fields) return;
  const returned = namedTypeOf(info);
  if (access.level === "none" && PROTECTED_TYPES.has(returned)) throw new ProtectedDataError(returned);
  const field = PROTECTED_FIELDS[info.parentType.name]?.[info.fieldName];
  if (!field) return;
  const approved = access.level === "level2" ? (access.fields ?? FULL_ACCESS.fields!) : [];
  // The documented example names the Customer object even for a field of another type; kept as documented.
  if (!approved.includes(field)) throw new ProtectedDataError("Customer");
}
