import { describe, expect, it } from "vitest";
import type { OrderReturnsView, ProviderOption, ReturnSummary } from "./api-client";
import {
  availableTabs,
  bytesToBase64,
  dropOffRequest,
  extensionOf,
  initialDropOffForm,
  initialLabelForm,
  initialLinkForm,
  initialPickupForm,
  labelRequest,
  linkRequest,
  pickupRequest,
  printableLabels,
  validateDropOffForm,
  validateLabelForm,
  validateLinkForm,
  validatePickupForm,
  trackingHref,
} from "./forms";

// The order-page extension's logic without a UI: defaults from settings, what is offered, what is sent.

const ifProvider: ProviderOption = {
  provider: "IFRETURNS",
  name: "iF returns",
  reference: { kind: "IF_RETURN_NAME", field: "ifReturnName" },
  capabilities: { labels: true, pickups: false, dropOffPoints: true, manualLabelUpload: false, labelFormats: ["PDF", "ZPL"] },
  defaults: { carrierService: "IF-UPS-EXPRESS-SAVER", carrierServices: ["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"], labelFormat: "ZPL", parcel: { weightGrams: 1200, lengthCm: 30, widthCm: 20 }, notifyCustomer: true },
  warehouseConfigured: true,
  problem: null,
};
const reverProvider: ProviderOption = {
  provider: "REVER",
  name: "REVER",
  reference: { kind: "REVER_PROCESS_ID", field: "reverProcessId" },
  capabilities: { labels: true, pickups: true, dropOffPoints: false, manualLabelUpload: true, labelFormats: ["PDF", "PNG", "JPG"] },
  defaults: { carrierService: "UPS", carrierServices: [], labelFormat: "PDF", parcel: null, notifyCustomer: false },
  warehouseConfigured: true,
  problem: null,
};

function returnOf(over: Partial<ReturnSummary> = {}): ReturnSummary {
  return {
    id: "gid://shopify/Return/10",
    legacyId: "10",
    name: "#1001-R1",
    status: "OPEN",
    provider: "IFRETURNS",
    link: null,
    reverseFulfillmentOrders: [{ id: "gid://shopify/ReverseFulfillmentOrder/20", status: "OPEN", deliveries: 0 }],
    labels: [],
    pickups: [],
    dropOffPoint: null,
    ...over,
  };
}

const ADDRESS = { name: "Lucía García", email: "lucia@example.com", phone: "+34600111222", line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" };

function viewOf(providers: ProviderOption[], returns: ReturnSummary[] = [returnOf()]): OrderReturnsView {
  return {
    order: { id: "gid://shopify/Order/5", legacyId: "5", name: "#1001", customerName: "Lucía García", email: "lucia@example.com", address: ADDRESS, addressDraft: ADDRESS, access: "FULL", refused: [], notice: null },
    providers,
    approveBeforeLabel: false,
    returns,
  };
}

describe("what the extension offers", () => {
  it("hides pickups for iF and drop-off points for REVER, following the capabilities the backend returns", () => {
    expect(availableTabs(viewOf([ifProvider]), returnOf())).toEqual(["label", "dropOff", "link"]);
    expect(availableTabs(viewOf([reverProvider]), returnOf({ provider: "REVER" }))).toEqual(["label", "pickup", "link"]);
  });

  it("offers only linking for a closed return, and only the label (with approval) for a requested one", () => {
    expect(availableTabs(viewOf([ifProvider, reverProvider]), returnOf({ status: "CLOSED" }))).toEqual(["link"]);
    expect(availableTabs(viewOf([reverProvider]), returnOf({ status: "REQUESTED", provider: "REVER" }))).toEqual(["label", "link"]);
  });
});

describe("the label form", () => {
  it("starts from the provider's settings: carrier service, format, parcel, notify customer, the only open reverse fulfillment order", () => {
    const form = initialLabelForm(viewOf([ifProvider]), returnOf());
    expect(form).toMatchObject({
      provider: "IFRETURNS",
      carrierService: "IF-UPS-EXPRESS-SAVER",
      labelFormat: "ZPL",
      parcels: [{ weight: "1200", length: "30", width: "20", height: "" }],
      notifyCustomer: true,
      reverseFulfillmentOrderId: "gid://shopify/ReverseFulfillmentOrder/20",
    });
  });

  it("builds the request the backend expects, sending the provider only when there is a choice", () => {
    const view = viewOf([ifProvider]);
    const body = labelRequest(initialLabelForm(view, returnOf()), view, returnOf());
    expect(body).toEqual({
      notifyCustomer: true,
      reverseFulfillmentOrderId: "gid://shopify/ReverseFulfillmentOrder/20",
      carrierService: "IF-UPS-EXPRESS-SAVER",
      labelFormat: "ZPL",
      parcels: [{ weightGrams: 1200, lengthCm: 30, widthCm: 20 }],
    });
    const both = viewOf([ifProvider, reverProvider], [returnOf({ provider: "REVER" })]);
    const rever = labelRequest({ ...initialLabelForm(both, both.returns[0]), returnMethod: "HOME_PICK_UP", ranges: ["16-20", "8-12"], pickupDate: "2026-12-01" }, both, both.returns[0]);
    expect(rever).toMatchObject({ provider: "REVER", carrierService: "UPS", returnMethod: "HOME_PICK_UP", pickupWindows: [{ date: "2026-12-01", startHour: 8, endHour: 12 }, { date: "2026-12-01", startHour: 16, endHour: 20 }] });
    expect(rever).not.toHaveProperty("labelFormat");
  });

  it("shows translated errors for a missing weight, bad dimensions, a missing window and an unchosen reverse fulfillment order", () => {
    const ret = returnOf({ reverseFulfillmentOrders: [{ id: "a", status: "OPEN", deliveries: 0 }, { id: "b", status: "OPEN", deliveries: 1 }] });
    const view = viewOf([reverProvider], [ret]);
    const form = { ...initialLabelForm(view, ret), returnMethod: "HOME_PICK_UP" as const, parcels: [{ weight: "", length: "-3", width: "", height: "500" }] };
    expect(validateLabelForm(form, ret)).toEqual({
      reverseFulfillmentOrderId: "error.chooseRfo",
      "parcels[0].weight": "error.required",
      "parcels[0].length": "error.dimension",
      "parcels[0].height": "error.dimension",
      ranges: "error.chooseWindow",
    });
    expect(validateLabelForm({ ...form, parcels: [{ weight: "12.5", length: "", width: "", height: "" }] }, ret)["parcels[0].weight"]).toBe("error.weight");
  });

  it("asks for the customer's email and phone iF returns needs when Shopify did not share them, and sends the address the merchant completed", () => {
    const { email: _email, phone: _phone, ...shared } = ADDRESS;
    const base = viewOf([ifProvider]);
    const view: OrderReturnsView = { ...base, order: { ...base.order, email: null, address: shared, addressDraft: shared, refused: ["email", "phone"], notice: "Shopify did not share some of this customer's details" } };
    const form = initialLabelForm(view, returnOf());
    expect(form.originOpen).toBe(true);
    expect(validateLabelForm(form, returnOf())).toEqual({ "origin.email": "error.required", "origin.phone": "error.required" });
    const typed = { ...form, origin: { ...form.origin, email: "lucia@example.com", phone: "+34 600 111 222" } };
    expect(validateLabelForm(typed, returnOf())).toEqual({});
    expect(labelRequest(typed, view, returnOf()).origin).toEqual({ ...shared, email: "lucia@example.com", phone: "+34 600 111 222" });
    // REVER needs no email or phone: the shared address is enough and stays closed.
    const rever = { ...view, providers: [reverProvider] };
    expect(initialLabelForm(rever, returnOf({ provider: "REVER" })).originOpen).toBe(false);
  });

  it("asks for the whole address of an order Shopify keeps out of reach, and never sends it incomplete", () => {
    const base = viewOf([reverProvider]);
    const view: OrderReturnsView = { ...base, order: { ...base.order, customerName: null, email: null, address: null, addressDraft: {}, access: "OUT_OF_REACH", notice: "older than 60 days" } };
    const ret = returnOf({ provider: "REVER" });
    const form = initialLabelForm(view, ret);
    expect(form.originOpen).toBe(true);
    expect(Object.keys(validateLabelForm(form, ret)).filter((k) => k.startsWith("origin.")).sort()).toEqual(["origin.city", "origin.countryCode", "origin.line1", "origin.name", "origin.postalCode"]);
  });

  it("sends an uploaded label with its tracking instead of parcels, and asks for approval on a requested return", () => {
    const ret = returnOf({ status: "REQUESTED", provider: "REVER", reverseFulfillmentOrders: [] });
    const view = { ...viewOf([reverProvider], [ret]), approveBeforeLabel: true };
    const form = { ...initialLabelForm(view, ret), manual: { fileName: "label.png", extension: "png" as const, fileBase64: "iVBORw==" }, manualTrackingNumber: " PQ1 ", manualTrackingUrl: "https://track.example/PQ1" };
    expect(validateLabelForm(form, ret)).toEqual({});
    expect(labelRequest(form, view, ret)).toEqual({
      notifyCustomer: false,
      approveFirst: true,
      manualLabel: { fileBase64: "iVBORw==", extension: "png", trackingNumber: "PQ1", trackingUrl: "https://track.example/PQ1" },
    });
    expect(validateLabelForm({ ...form, manualTrackingUrl: "track me" }, ret)).toEqual({ manualTrackingUrl: "error.url" });
    expect(validateLabelForm({ ...form, manualTrackingUrl: "javascript:alert(document.domain)" }, ret)).toEqual({ manualTrackingUrl: "error.url" });
  });

  it("links a label to its tracking page only when that page is an http(s) URL", () => {
    expect(trackingHref({ trackingUrl: "https://track.example/PQ1" })).toBe("https://track.example/PQ1");
    expect(trackingHref({ trackingUrl: "javascript:alert(document.domain)" })).toBeUndefined();
    expect(trackingHref({ trackingUrl: null })).toBeUndefined();
  });
});

describe("pickup, drop-off and link forms", () => {
  it("prefills the pickup address from the order and builds windows from the chosen ranges", () => {
    const form = initialPickupForm(viewOf([reverProvider]));
    expect(validatePickupForm(form)).toEqual({ ranges: "error.chooseWindow" });
    const body = pickupRequest({ ...form, ranges: ["12-16"], address: { ...form.address, countryCode: "es", line2: "  " } });
    expect(body).toEqual({ windows: [{ startHour: 12, endHour: 16 }], address: { name: "Lucía García", email: "lucia@example.com", phone: "+34600111222", line1: "Calle de Alcalá 45", city: "Madrid", postalCode: "28014", countryCode: "ES" } });
    expect(validatePickupForm({ ...form, ranges: ["8-12"], address: { ...form.address, countryCode: "Spain", email: "nope" } })).toEqual({ "address.countryCode": "error.country", "address.email": "error.email" });
  });

  it("searches drop-off points near the order's address, or by coordinates within 1..20 km", () => {
    const form = initialDropOffForm(viewOf([ifProvider]));
    expect(dropOffRequest(form)).toEqual({ locationType: "ALL", rangeKm: 5, address: "Calle de Alcalá 45", postalCode: "28014", city: "Madrid", countryCode: "ES" });
    const geo = { ...form, mode: "coordinates" as const, latitude: "40.42", longitude: "-3.7", rangeKm: "12", locationType: "LOCKER_POINT" as const };
    expect(dropOffRequest(geo)).toEqual({ locationType: "LOCKER_POINT", rangeKm: 12, latitude: 40.42, longitude: -3.7 });
    expect(validateDropOffForm({ ...geo, rangeKm: "21", latitude: "91" })).toEqual({ rangeKm: "error.range", latitude: "error.latitude" });
  });

  it("links a REVER process or an iF return name from the same field", () => {
    const ret = returnOf({ link: { provider: "IFRETURNS", linkSource: "AUTO", referenceState: "KNOWN", ifReturnName: "R1-1001", reverProcessId: null, providerStatus: null, trackingNumber: null, trackingUrl: null, lastError: null } });
    const form = initialLinkForm(viewOf([ifProvider, reverProvider], [ret]), ret);
    expect(form).toEqual({ provider: "IFRETURNS", reference: "R1-1001" });
    expect(linkRequest({ ...form, reference: " R2-1001 " })).toEqual({ provider: "IFRETURNS", ifReturnName: "R2-1001" });
    expect(linkRequest({ provider: "REVER", reference: "proc_1" })).toEqual({ provider: "REVER", reverProcessId: "proc_1" });
    expect(validateLinkForm({ provider: "REVER", reference: " " })).toEqual({ reference: "error.required" });
  });
});

describe("files and printing", () => {
  it("encodes uploaded files as base64 exactly like the platform does", () => {
    for (const text of ["", "a", "ab", "abc", "%PDF-1.7 label ✓"]) {
      const bytes = new TextEncoder().encode(text);
      expect(bytesToBase64(bytes)).toBe(globalThis.btoa(String.fromCharCode(...bytes)));
    }
    expect(extensionOf("Label.JPEG")).toBe("jpg");
    expect(extensionOf("label.zpl")).toBeNull();
  });

  it("offers the printable labels of every return, and none that is ZPL", () => {
    const label = (shipmentId: string, printable: boolean, labelFormat: string) => ({ shipmentId, provider: "IFRETURNS", state: "ATTACHED", source: "APP", carrier: "ups", trackingNumber: `T-${shipmentId}`, trackingUrl: null, labelFormat, reverseFulfillmentOrderId: null, attachedToShopify: printable, printable, fileUrl: printable ? `https://app.example/${shipmentId}?signature=x` : null, downloadUrl: `https://app.example/${shipmentId}?download=1&signature=x`, error: null, createdAt: "2026-11-25T10:00:00Z" });
    const view = viewOf([ifProvider], [returnOf({ labels: [label("s1", true, "PDF")] }), returnOf({ id: "gid://shopify/Return/11", name: "#1001-R2", labels: [label("s2", false, "ZPL")] })]);
    expect(printableLabels(view)).toEqual([{ returnId: "gid://shopify/Return/10", returnName: "#1001-R1", shipmentId: "s1", trackingNumber: "T-s1", labelFormat: "PDF", fileUrl: "https://app.example/s1?signature=x" }]);
  });
});
