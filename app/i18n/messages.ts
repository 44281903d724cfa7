// Every user-facing string of the embedded app, in English and Spanish. Components never hold literals.
export const en = {
  "app.name": "Returns Bridge",
  "nav.home": "Returns",
  "nav.settings": "Settings",
  "demo.banner": "Sandbox demo: simulated Shopify, iF returns and REVER. Nothing here reaches a real store.",
  "home.title": "Returns",
  "home.subtitle": "Shopify returns mapped to iF returns and REVER",
  "home.empty.heading": "No returns mapped yet",
  "home.empty.body": "Connect iF returns or REVER in Settings. Returns appear here as customers request them in Shopify.",
  "home.empty.action": "Open settings",
  "home.col.return": "Return",
  "home.col.order": "Order",
  "home.col.customer": "Customer",
  "home.col.provider": "Provider",
  "home.col.status": "Status",
  "home.col.tracking": "Tracking",
  "home.col.lastSync": "Last sync",
  "home.col.error": "Last error",
  "home.count": "{count} returns",
  "provider.IFRETURNS": "iF returns",
  "provider.REVER": "REVER",
  "provider.none": "Not linked",
  "status.REQUESTED": "Requested",
  "status.OPEN": "Open",
  "status.CLOSED": "Closed",
  "status.DECLINED": "Declined",
  "status.CANCELED": "Canceled",
  "common.never": "Never",
  "common.none": "—",
  "settings.title": "Settings",
  "settings.subtitle": "Connect your returns platforms",
} as const;

export type MessageKey = keyof typeof en;

export const es: Record<MessageKey, string> = {
  "app.name": "Returns Bridge",
  "nav.home": "Devoluciones",
  "nav.settings": "Ajustes",
  "demo.banner": "Demo de pruebas: Shopify, iF returns y REVER simulados. Nada de esto llega a una tienda real.",
  "home.title": "Devoluciones",
  "home.subtitle": "Devoluciones de Shopify vinculadas a iF returns y REVER",
  "home.empty.heading": "Aún no hay devoluciones vinculadas",
  "home.empty.body": "Conecta iF returns o REVER en Ajustes. Las devoluciones aparecerán aquí cuando los clientes las soliciten en Shopify.",
  "home.empty.action": "Abrir ajustes",
  "home.col.return": "Devolución",
  "home.col.order": "Pedido",
  "home.col.customer": "Cliente",
  "home.col.provider": "Plataforma",
  "home.col.status": "Estado",
  "home.col.tracking": "Seguimiento",
  "home.col.lastSync": "Última sincronización",
  "home.col.error": "Último error",
  "home.count": "{count} devoluciones",
  "provider.IFRETURNS": "iF returns",
  "provider.REVER": "REVER",
  "provider.none": "Sin vincular",
  "status.REQUESTED": "Solicitada",
  "status.OPEN": "Abierta",
  "status.CLOSED": "Cerrada",
  "status.DECLINED": "Rechazada",
  "status.CANCELED": "Cancelada",
  "common.never": "Nunca",
  "common.none": "—",
  "settings.title": "Ajustes",
  "settings.subtitle": "Conecta tus plataformas de devoluciones",
};

export type Locale = "en" | "es";

export function pickLocale(raw: string | null | undefined): Locale {
  return (raw ?? "").toLowerCase().startsWith("es") ? "es" : "en";
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const table = locale === "es" ? es : en;
  let text: string = table[key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, String(v));
  return text;
}
