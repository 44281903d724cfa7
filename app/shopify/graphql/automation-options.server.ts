import type { AdminClient } from "../graphql-client.server";
import type { RestockLocationsQuery, ReturnReasonDefinitionsQuery } from "../types/admin.generated";

// What the automation rules form offers: the library of return reasons (returnReasonDefinitions) and the shop's
// locations a restock can go to (`locations` needs the read_locations scope).

export const RETURN_REASON_DEFINITIONS = `#graphql
  query ReturnReasonDefinitions {
    returnReasonDefinitions(first: 250) {
      nodes {
        id
        handle
        name
        deleted
      }
    }
  }
` as const;

export const RESTOCK_LOCATIONS = `#graphql
  query RestockLocations {
    locations(first: 50) {
      nodes {
        id
        name
        isActive
      }
    }
  }
` as const;

export type ReturnReasonOption = ReturnReasonDefinitionsQuery["returnReasonDefinitions"]["nodes"][number];
export type LocationOption = RestockLocationsQuery["locations"]["nodes"][number];

export async function fetchReturnReasons(client: AdminClient): Promise<ReturnReasonOption[]> {
  const res = await client.request(RETURN_REASON_DEFINITIONS, {});
  return res.data.returnReasonDefinitions.nodes;
}

export async function fetchRestockLocations(client: AdminClient): Promise<LocationOption[]> {
  const res = await client.request(RESTOCK_LOCATIONS, {});
  return res.data.locations.nodes;
}
