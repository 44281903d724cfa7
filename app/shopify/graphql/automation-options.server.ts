import { z } from "zod";
import { parseData, type AdminClient } from "../graphql-client.server";
import { nodesOf } from "./shared-schemas.server";

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
`;

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
`;

const reasonsSchema = z.object({ returnReasonDefinitions: nodesOf(z.object({ id: z.string(), handle: z.string(), name: z.string(), deleted: z.boolean() })) });
const locationsSchema = z.object({ locations: nodesOf(z.object({ id: z.string(), name: z.string(), isActive: z.boolean() })) });

export type ReturnReasonOption = z.infer<typeof reasonsSchema>["returnReasonDefinitions"]["nodes"][number];
export type LocationOption = z.infer<typeof locationsSchema>["locations"]["nodes"][number];

export async function fetchReturnReasons(client: AdminClient): Promise<ReturnReasonOption[]> {
  const res = await client.request(RETURN_REASON_DEFINITIONS);
  return parseData("ReturnReasonDefinitions", reasonsSchema, res.data).returnReasonDefinitions.nodes;
}

export async function fetchRestockLocations(client: AdminClient): Promise<LocationOption[]> {
  const res = await client.request(RESTOCK_LOCATIONS);
  return parseData("RestockLocations", locationsSchema, res.data).locations.nodes;
}
