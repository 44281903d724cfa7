import type { Session as SessionRow } from "@prisma/client";
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Db } from "../db.server";
import type { SecretBox } from "../security/encryption.server";
import { openToken, sealToken } from "./session-vault.server";

// The library's session storage (what @shopify/shopify-app-remix reads and writes in authenticate.*), on the same
// Session table as @shopify/shopify-app-session-storage-prisma 9.0.1 with the same row mapping, except that the
// access and refresh tokens are sealed with the app's secret box (purpose "shopify-session"). A session stored
// with a token (an install or a reconnection) clears the shop's "disconnected" state.

type OnlineInfo = { associated_user?: { id?: number; first_name?: string; last_name?: string; email?: string; account_owner?: boolean; locale?: string; collaborator?: boolean; email_verified?: boolean } };

export class SealedSessionStorage implements SessionStorage {
  constructor(private readonly db: Db, private readonly secrets: SecretBox) {}

  async storeSession(session: Session): Promise<boolean> {
    const o = session.toObject() as { onlineAccessInfo?: OnlineInfo; refreshToken?: string; refreshTokenExpires?: number };
    const user = o.onlineAccessInfo?.associated_user;
    const data = {
      shop: session.shop,
      state: session.state,
      isOnline: session.isOnline,
      scope: session.scope || null,
      expires: session.expires || null,
      accessToken: session.accessToken ? sealToken(this.secrets, session.shop, session.id, "accessToken", session.accessToken) : "",
      userId: user?.id ? BigInt(user.id) : null,
      firstName: user?.first_name || null,
      lastName: user?.last_name || null,
      email: user?.email || null,
      accountOwner: user?.account_owner || false,
      locale: user?.locale || null,
      collaborator: user?.collaborator || false,
      emailVerified: user?.email_verified || false,
      refreshToken: o.refreshToken ? sealToken(this.secrets, session.shop, session.id, "refreshToken", o.refreshToken) : null,
      refreshTokenExpires: o.refreshTokenExpires ? new Date(o.refreshTokenExpires) : null,
      refreshLeaseOwner: null,
      refreshLeaseUntil: null,
    };
    await this.db.session.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
    if (session.accessToken && !session.isOnline) {
      await this.db.shopSettings.updateMany({ where: { shop: session.shop, disconnectedAt: { not: null } }, data: { disconnectedAt: null, disconnectedReason: null } });
    }
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? this.toSession(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.db.session.findMany({ where: { shop }, take: 25, orderBy: [{ expires: "desc" }] });
    return rows.map((r) => this.toSession(r));
  }

  private toSession(row: SessionRow): Session {
    const params: Record<string, string | number | boolean> = {
      id: row.id,
      shop: row.shop,
      state: row.state,
      isOnline: row.isOnline,
      userId: String(row.userId),
      firstName: String(row.firstName),
      lastName: String(row.lastName),
      email: String(row.email),
      locale: String(row.locale),
    };
    if (row.accountOwner !== null) params.accountOwner = row.accountOwner;
    if (row.collaborator !== null) params.collaborator = row.collaborator;
    if (row.emailVerified !== null) params.emailVerified = row.emailVerified;
    if (row.expires) params.expires = row.expires.getTime();
    if (row.scope) params.scope = row.scope;
    if (row.accessToken) params.accessToken = openToken(this.secrets, row.shop, row.id, "accessToken", row.accessToken);
    if (row.refreshToken) params.refreshToken = openToken(this.secrets, row.shop, row.id, "refreshToken", row.refreshToken);
    if (row.refreshTokenExpires) params.refreshTokenExpires = row.refreshTokenExpires.getTime();
    return Session.fromPropertyArray(Object.entries(params), true);
  }
}
