import { z } from "zod";
import { PROVIDERS } from "../platforms/descriptors";
import { LABEL_FORMATS, PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { isSafeHttpUrl } from "../security/safe-url";

// The request bodies of the extension API, strict (an unknown or mistyped field is a 400 naming it), shared by the
// app's routes and page actions (which validate them) and the extensions (which import their input types only, so
// no zod reaches their bundles). Part of the contract: app/contract/extension-api.ts names each endpoint.

const text = (max: number) => z.string().trim().min(1, "is required").max(max, `is longer than ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `is longer than ${max} characters`).optional().transform((v) => (v ? v : undefined));

export const addressBody = z
  .object({
    name: text(120),
    company: optionalText(120),
    email: z.string().trim().email("is not an email address").max(254).optional().or(z.literal("").transform(() => undefined)),
    phone: optionalText(40),
    line1: text(200),
    line2: optionalText(200),
    city: text(100),
    postalCode: text(20),
    region: optionalText(100),
    regionCode: optionalText(10),
    countryCode: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code such as ES")),
  })
  .strict();

const dimension = z.number().positive("must be greater than 0").max(400, "must be at most 400 cm").optional();

export const parcelBody = z
  .object({
    weightGrams: z.number().int("must be whole grams").min(1, "must be at least 1 g").max(70_000, "must be at most 70000 g"),
    lengthCm: dimension,
    widthCm: dimension,
    heightCm: dimension,
    description: optionalText(200),
  })
  .strict();

export const windowBody = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2026-12-01").optional(),
    startHour: z.number().int().min(0).max(23),
    endHour: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((w) => w.startHour < w.endHour, { message: "must end after it starts", path: ["endHour"] });

const providerEnum = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]);
const labelFormatEnum = z.enum(LABEL_FORMATS as [string, ...string[]]).transform((v) => v as "PDF" | "ZPL" | "PNG" | "JPG");
const returnMethodEnum = z.enum(["HOME_PICK_UP", "DROP_OFF_POINT", "DELIVERY_PICKUP", "IN_STORE"]);

/** 10 MB of label file, base64 encoded. */
export const MAX_MANUAL_LABEL_BASE64 = Math.ceil((10 * 1024 * 1024 * 4) / 3) + 4;

export const createLabelBody = z
  .object({
    provider: providerEnum.optional(),
    reverseFulfillmentOrderId: optionalText(120),
    approveFirst: z.boolean().optional(),
    carrierService: optionalText(100),
    labelFormat: labelFormatEnum.optional(),
    parcels: z.array(parcelBody).min(1, "needs at least one parcel").max(20, "at most 20 parcels").optional(),
    notifyCustomer: z.boolean().optional(),
    origin: addressBody.optional(),
    returnMethod: returnMethodEnum.optional(),
    pickupWindows: z.array(windowBody).max(3).optional(),
    manualLabel: z
      .object({
        fileBase64: z.string().min(1, "is required").max(MAX_MANUAL_LABEL_BASE64, "is larger than 10 MB").regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64"),
        extension: z.enum(["pdf", "png", "jpg"], { errorMap: () => ({ message: "must be pdf, png or jpg" }) }),
        carrier: optionalText(60),
        trackingNumber: optionalText(100),
        // http(s) only: zod's .url() accepts javascript: and data: URLs.
        trackingUrl: z.string().trim().max(500).refine(isSafeHttpUrl, "must be an http:// or https:// URL").optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const approveBody = z.object({ notifyCustomer: z.boolean().optional() }).strict();

export const pickupBody = z
  .object({
    windows: z.array(windowBody).min(1, "choose at least one window").max(3, "at most 3 windows"),
    address: addressBody.optional(),
    carrier: optionalText(60),
    /** After PICKUP_MAY_BE_BOOKED: the merchant checked the provider. */
    resolve: z.enum(["booked", "book-again"]).optional(),
  })
  .strict();

export const dropOffSearchBody = z
  .object({
    address: optionalText(200),
    city: optionalText(100),
    postalCode: optionalText(20),
    countryCode: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{2}$/, "must be a two-letter country code")).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    rangeKm: z.number().min(1, "must be between 1 and 20 km").max(20, "must be between 1 and 20 km").optional(),
    locationType: z.enum(["ALL", "STORE_POINT", "LOCKER_POINT"]).optional(),
    carrierServices: z.array(text(100)).max(20).optional(),
    limit: z.number().int().min(1).max(50).optional(),
  })
  .strict()
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), { message: "latitude and longitude go together", path: ["longitude"] });

export const dropOffPointBody = z
  .object({
    point: z
      .object({
        id: optionalText(100),
        name: text(200),
        address: optionalText(300),
        city: optionalText(100),
        postalCode: optionalText(20),
        countryCode: optionalText(2),
        latitude: z.number().optional(),
        longitude: z.number().optional(),
        distanceKm: z.number().optional(),
        openingHours: optionalText(500),
        carrierCode: optionalText(60),
        locationType: z.enum(["STORE_POINT", "LOCKER_POINT"]).optional(),
      })
      .strict()
      .nullable(),
  })
  .strict();

// The reference goes in the provider's own field (a REVER process id may be pasted as a link to REVER's API).
export const linkBody = z
  .object({
    provider: providerEnum,
    reverProcessId: optionalText(500),
    ifReturnName: optionalText(100),
  })
  .strict()
  .superRefine((v, ctx) => {
    const { column, label } = PROVIDERS[v.provider].reference;
    if (!v[column]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [column], message: `is required to link the ${label}` });
  });

export const emptyBody = z.object({}).strict();

/** What a client sends (before the schema's defaults and transforms). */
export type CreateLabelBody = z.input<typeof createLabelBody>;
export type ApproveBody = z.input<typeof approveBody>;
export type PickupBody = z.input<typeof pickupBody>;
export type DropOffSearchBody = z.input<typeof dropOffSearchBody>;
export type DropOffPointBody = z.input<typeof dropOffPointBody>;
export type LinkBody = z.input<typeof linkBody>;
export type EmptyBody = z.input<typeof emptyBody>;

/** Each endpoint's body schema (app/contract/extension-api.ts names the endpoints); null: no body (GET). */
export const ENDPOINT_BODIES = {
  orderReturns: null,
  createLabel: createLabelBody,
  approve: approveBody,
  schedulePickup: pickupBody,
  findDropOffPoints: dropOffSearchBody,
  chooseDropOffPoint: dropOffPointBody,
  link: linkBody,
  unlink: emptyBody,
} as const;
