import type { Clock, FaultConfig, HostileSurface, ProfileOptions, RecordedRequest, SimProfile } from "../lib";
import type { RETURN_TYPES } from "./messages";

// The state and public surface of the REVER simulator.

export const DEFAULT_REVER_CREDENTIAL = "rever_sandbox_87bf223499abeef0c4d2e6";
export const DEFAULT_REVER_ECOMMERCE = "returns-bridge-demo";

/** Assumed logistics_summary.status values (the document shows only STATUS_UNSPECIFIED). */
export const SUMMARY_PROGRESS = ["CREATED", "COLLECTED", "IN_TRANSIT", "IN_WAREHOUSE"] as const;

/** What each logistics provider supports (assumed matrix); "OPS" always answers code 12. */
export interface ReverProviderSupport {
  carriers: string[];
  returnMethods: Array<(typeof RETURN_TYPES)[number]>;
  pickups: boolean;
}

export const DEFAULT_REVER_PROVIDERS: Record<string, ReverProviderSupport> = {
  SendCloud: { carriers: ["UPS", "DHL", "CORREOS", "SEUR"], returnMethods: ["HOME_PICK_UP", "DROP_OFF_POINT"], pickups: true },
  Packlink: { carriers: ["CORREOS", "GLS"], returnMethods: ["DROP_OFF_POINT"], pickups: false },
};

export interface ReverLogisticOrder {
  id: string;
  kind: "CREATED" | "MANUAL";
  carrier?: string;
  provider?: string;
  returnType: string;
  trackingId: string;
  trackingUrl?: string;
  labelFile: string;
  request: unknown;
  price: number;
  currencyCode: string;
}

export interface ReverPickupRecord {
  id: string;
  carrier: string;
  provider: string;
  ranges: string[];
  request: unknown;
}

export interface ReverProcess {
  processId: string;
  ecommerceId: string;
  orderNumber: string;
  ecommerceOrderId?: string;
  returnName?: string;
  createdAt: string;
  lkss: string;
  summaryStatus: string;
  logisticOrders: ReverLogisticOrder[];
  pickups: ReverPickupRecord[];
  lkssHistory: string[];
  imported?: unknown;
}

export interface ReverState {
  processes: Map<string, ReverProcess>;
  files: Map<string, { bytes: Uint8Array; contentType: string }>;
  /** Logistic orders created (PUT and manual POST): tests prove a retried create made exactly one. */
  createCount: number;
  pickupCount: number;
}

export interface ReverSimulatorOptions extends ProfileOptions {
  credential?: string;
  /** E-commerces the API key may act for. */
  ecommerceIds?: string[];
  /** E-commerce groups: group id -> member e-commerce ids. */
  ecommerceGroups?: Record<string, string[]>;
  providers?: Record<string, ReverProviderSupport>;
  /** HTTP status to send with a gRPC code instead of grpc-gateway's, e.g. {3: 500} (REVER's own is undocumented). */
  httpStatusForCode?: Record<number, number>;
  seed?: number;
  clock?: Clock;
  port?: number;
}

export interface ReverSimulator {
  url: string;
  origin: string;
  credential: string;
  /** The profile in force, overrides applied. */
  profile: SimProfile;
  hostile: HostileSurface;
  state: ReverState;
  /** Every request: method, path, route pattern, kind (documented / assumed / label-file / unrouted), answer. */
  requests: RecordedRequest[];
  close(): Promise<void>;
  setFaults(config: FaultConfig): void;
  setRateLimit(rps: number | null): void;
  /** Seed a return process as REVER holds it after the customer requested the return. */
  createProcess(input: { processId?: string; orderNumber: string; ecommerceId?: string; ecommerceOrderId?: string; returnName?: string }): ReverProcess;
  /** Move the parcel one step along CREATED -> COLLECTED -> IN_TRANSIT -> IN_WAREHOUSE, or to `to`. */
  advanceTracking(processId: string, to?: string): ReverProcess;
  process(processId: string): ReverProcess | undefined;
}
