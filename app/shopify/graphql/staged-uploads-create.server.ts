import { requirePayload, throwIfUserErrors, type AdminClient } from "../graphql-client.server";
import type { StagedUploadsCreateMutation } from "../types/admin.generated";

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
` as const;

export type StagedTarget = NonNullable<NonNullable<StagedUploadsCreateMutation["stagedUploadsCreate"]>["stagedTargets"]>[number];

export async function createReturnLabelTarget(
  client: AdminClient,
  file: { filename: string; mimeType: string; fileSize: number; httpMethod?: "POST" | "PUT" },
): Promise<StagedTarget> {
  const res = await client.request(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "RETURN_LABEL", filename: file.filename, mimeType: file.mimeType, httpMethod: file.httpMethod ?? "POST", fileSize: String(file.fileSize) }],
  });
  const payload = res.data.stagedUploadsCreate;
  throwIfUserErrors("stagedUploadsCreate", payload?.userErrors);
  return requirePayload("stagedUploadsCreate", payload?.stagedTargets?.[0], "stagedTargets[0]");
}
