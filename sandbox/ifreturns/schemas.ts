import { z } from "zod";

// The request bodies of iF returns Inverse Logistic API 1.2.10 as the document states them, no stricter:
// what it marks required is required, enums and the documented ranges are checked, and a schema the document
// collapses (Address, shipper, Parcel, customsInfo items) is an object of unknown contents, not an empty one.
// Unknown fields are accepted and listed in the request log (decision 0008: the document is silent).

export const IF_TRANSPORTATION_STATUSES = [
  "REQUESTED",
  "PICK_UP_IN_PROGRESS",
  "PICK_UP_COMPLETED",
  "SHIPPING_IN_PROGRESS",
  "SHIPPING_COMPLETED",
  "PICK_UP_FAILED",
  "PICK_UP_CANCELLED",
  "SHIPPING_FAILED",
  "SHIPPING_CANCELLED",
] as const;

// The document's own examples send numbers for fields it declares strings (phone, hsCode): both are read.
const str = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string({ required_error: "is required", invalid_type_error: "must be a string" }));
const required = str; // "required" means present; the document sets no minimum length
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)], { invalid_type_error: "must be a number" });
/** A schema the document collapses: an object whose contents are unknown. */
const collapsed = z.object({}).passthrough();

const contactSchema = z.object({
  fullName: required,
  code: str.optional(),
  email: required,
  phone: required,
  address: collapsed.optional(),
});

export const createLabelSchema = z.object({
  shopCode: str.optional(),
  shipmentType: z.enum(["ORDER", "RETURN"]).optional(),
  clientShipmentId: required,
  clientShipmentName: str.optional(),
  carrierServiceCode: required,
  // Marked required, though its description says a missing one means the carrier's default: the mark wins.
  labelFormat: z.enum(["PDF", "ZPL"], { required_error: "is required", invalid_type_error: "must be PDF or ZPL" }),
  shipper: collapsed.optional(),
  origin: contactSchema,
  destination: contactSchema,
  parcels: z.array(collapsed).optional(),
  customsInfo: z.array(collapsed).optional(),
});
export type IfCreateLabelBody = z.output<typeof createLabelSchema>;

const isoDate = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), "must be an ISO 8601 date");

export const trackingSchema = z.object({
  shopCode: str.optional(),
  shipmentId: required,
  shipmentIdType: z.literal("RETURN_NAME", { errorMap: () => ({ message: "must be RETURN_NAME" }) }),
  carrierName: str.optional(),
  trackingNumber: str.optional(),
  trackingUrl: str.optional(),
  trackingStatus: z.enum(IF_TRANSPORTATION_STATUSES, { required_error: "is required" }),
  trackingStatusDescription: str.optional(),
  trackingDate: isoDate.optional(),
});

export const updateLabelSchema = z.object({
  shopCode: str.optional(),
  shipmentId: required,
  shipmentIdType: z.enum(["RETURN_NAME", "CLIENT_REFERENCE", "MERCHANT_RETURN_NAME"], { required_error: "is required" }),
  shippingLabels: z.array(
    z.object({
      carrierTrackingCode: required,
      additionalTrackingCodes: z.array(str).optional(),
      carrierTrackingUrl: required,
      format: z.enum(["PDF", "ZPL", "PNG"], { required_error: "is required" }),
      url: required,
    }),
    { required_error: "is required" },
  ),
});

export const pudoSchema = z
  .object({
    shopCode: str.optional(),
    // Items shown only by example ({"code": ...}): read the code, keep the rest unknown.
    carrierServices: z.array(z.object({ code: str.optional() }).passthrough()).optional(),
    limit: num.optional(),
    address: str.optional(),
    city: str.optional(),
    postalCode: str.optional(),
    countryCode: str.optional(),
    latitude: num.optional(),
    longitude: num.optional(),
    range: num.pipe(z.number().min(1, "must be between 1 and 20 km").max(20, "must be between 1 and 20 km")).optional(),
    locationType: z.enum(["ALL", "STORE_POINT", "LOCKER_POINT"]).optional(),
  })
  .superRefine((v, ctx) => {
    // Documented: "It is mandatory to inform either the address or the geolocation data".
    const hasGeo = v.latitude !== undefined && v.longitude !== undefined;
    if (!hasGeo && !v.address?.trim()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["address"], message: "either the address or the geolocation (latitude, longitude) is mandatory" });
    }
  });
