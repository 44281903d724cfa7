import { z } from "zod";
import { parseData, requirePayload, throwIfUserErrors, userErrorSchema, type AdminClient } from "../graphql-client.server";

// Ask Shopify where to upload a return label; the resourceUrl is what labelInput.fileUrl receives.

export const STAGED_UPLOADS_CREATE = `#graphql
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export interface StagedUploadsCreateVariables {
  input: Array<{
    resource: "RETURN_LABEL";
    filename: string;
    mimeType: string;
    httpMethod: "POST" | "PUT";
    fileSize?: string;
  }>;
}

const targetSchema = z.object({
  url: z.string().nullable(),
  resourceUrl: z.string().nullable(),
  parameters: z.array(z.object({ name: z.string(), value: z.string() })),
});

export const stagedUploadsCreateSchema = z.object({
  stagedUploadsCreate: z
    .object({ stagedTargets: z.array(targetSchema).nullable(), userErrors: z.array(userErrorSchema) })
    .nullable(),
});

export type StagedTarget = z.infer<typeof targetSchema>;

export async function createReturnLabelTarget(
  client: AdminClient,
  file: { filename: string; mimeType: string; fileSize: number; httpMethod?: "POST" | "PUT" },
): Promise<StagedTarget> {
  const variables: StagedUploadsCreateVariables = {
    input: [
      {
        resource: "RETURN_LABEL",
        filename: file.filename,
        mimeType: file.mimeType,
        httpMethod: file.httpMethod ?? "POST",
        fileSize: String(file.fileSize),
      },
    ],
  };
  const res = await client.request(STAGED_UPLOADS_CREATE, { ...variables });
  const payload = parseData("stagedUploadsCreate", stagedUploadsCreateSchema, res.data).stagedUploadsCreate;
  throwIfUserErrors("stagedUploadsCreate", payload?.userErrors);
  return requirePayload("stagedUploadsCreate", payload?.stagedTargets?.[0], "stagedTargets[0]");
}
