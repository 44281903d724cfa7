import type { Locale } from "../i18n/messages";

// The privacy policy the landing page links to (/privacy) and docs/app-store.md repeats: which customer data the
// app reads, what it sends to iF returns and REVER and why, and how long it keeps it. Kept beside the code that
// does it (app/privacy/compliance.server.ts, the provider adapters), so a change there is a change here.

export interface PolicySection {
  heading: string;
  paragraphs: string[];
}

export const PRIVACY_POLICY: Record<Locale, { title: string; updated: string; sections: PolicySection[] }> = {
  en: {
    title: "Returns Bridge privacy policy",
    updated: "Last updated: December 2026",
    sections: [
      {
        heading: "Who we are and whose data this is",
        paragraphs: [
          "Returns Bridge is a Shopify app that connects a store's Shopify returns to the returns platform the store uses, iF returns or REVER. The store (the merchant) decides which platform to use and holds the contract with it; Returns Bridge processes its customers' data on the merchant's behalf.",
        ],
      },
      {
        heading: "What the app reads from Shopify",
        paragraphs: [
          "For each return: its name, status, the returned items (title, SKU, quantity), the order's name, and its reverse fulfillment orders and deliveries.",
          "When a label or pickup is made: the order's shipping address (name, address lines, city, postal code, region, country, phone) and the order's email address. The app reads no customer profile, no payment data and no order older than 60 days unless Shopify grants it access to all orders.",
          "Where Shopify does not share a field the carrier needs (for example the customer's email or phone), the merchant types it for that label; the app never invents it.",
        ],
      },
      {
        heading: "What goes to iF returns and REVER, and why",
        paragraphs: [
          "iF returns: to create a return label, the customer's name, shipping address, email address and phone (iF returns requires them to book the carrier and to notify the customer), the return's and order's names, the items and parcel, and the merchant's warehouse address. Later, tracking numbers and the return's status.",
          "REVER: to record a logistic order or a pickup, the customer's name and shipping address (with phone and email when present), the return's process reference and the merchant's warehouse address. Later, tracking numbers and the return's status.",
          "Nothing else is sent, and nothing is sent to anyone else. Each platform keeps what it receives under its own privacy policy and its contract with the merchant.",
        ],
      },
      {
        heading: "What the app keeps, and for how long",
        paragraphs: [
          "To show returns and retry work: the customer's name and email on each return, the address a label or pickup was made from, tracking numbers, the return's history, and the Shopify notifications it received. Provider credentials and Shopify access tokens are encrypted at rest.",
          "When Shopify asks the app to erase a customer (customers/redact), their name, email, addresses and the notifications about their returns are erased at once. When the merchant uninstalls the app, Shopify asks 48 hours later for the store's data to be erased (shop/redact), and everything of the store is deleted then.",
          "When a customer asks the merchant for their data (customers/data_request), the app prepares an export of what it holds about them; the merchant downloads it from Settings and hands it over.",
        ],
      },
      {
        heading: "Contact",
        paragraphs: ["Questions about this policy or a data request: write to the merchant whose store you bought from, or to the app's support address listed on its Shopify App Store page."],
      },
    ],
  },
  es: {
    title: "Política de privacidad de Returns Bridge",
    updated: "Última actualización: diciembre de 2026",
    sections: [
      {
        heading: "Quiénes somos y de quién son estos datos",
        paragraphs: [
          "Returns Bridge es una app de Shopify que conecta las devoluciones de una tienda en Shopify con la plataforma de devoluciones que usa la tienda, iF returns o REVER. La tienda (el comerciante) decide qué plataforma usar y tiene el contrato con ella; Returns Bridge trata los datos de sus clientes por cuenta del comerciante.",
        ],
      },
      {
        heading: "Qué lee la app de Shopify",
        paragraphs: [
          "De cada devolución: su nombre, estado, los artículos devueltos (título, SKU, cantidad), el nombre del pedido y sus órdenes de logística inversa y entregas.",
          "Cuando se crea una etiqueta o recogida: la dirección de envío del pedido (nombre, líneas de dirección, ciudad, código postal, provincia, país, teléfono) y el correo del pedido. La app no lee perfiles de cliente, ni datos de pago, ni pedidos de más de 60 días salvo que Shopify le conceda acceso a todos los pedidos.",
          "Si Shopify no comparte un dato que el transportista necesita (por ejemplo el correo o el teléfono del cliente), el comerciante lo escribe para esa etiqueta; la app nunca se lo inventa.",
        ],
      },
      {
        heading: "Qué llega a iF returns y a REVER, y para qué",
        paragraphs: [
          "iF returns: para crear una etiqueta de devolución, el nombre del cliente, su dirección de envío, correo y teléfono (iF returns los exige para reservar el transportista y avisar al cliente), los nombres de la devolución y del pedido, los artículos y el paquete, y la dirección del almacén del comerciante. Después, números de seguimiento y el estado de la devolución.",
          "REVER: para registrar un pedido logístico o una recogida, el nombre del cliente y su dirección de envío (con teléfono y correo si los hay), la referencia del proceso de devolución y la dirección del almacén del comerciante. Después, números de seguimiento y el estado de la devolución.",
          "No se envía nada más, ni a nadie más. Cada plataforma guarda lo que recibe según su propia política de privacidad y su contrato con el comerciante.",
        ],
      },
      {
        heading: "Qué guarda la app y durante cuánto tiempo",
        paragraphs: [
          "Para mostrar las devoluciones y reintentar trabajo: el nombre y correo del cliente en cada devolución, la dirección desde la que se hizo una etiqueta o recogida, números de seguimiento, el historial de la devolución y los avisos de Shopify recibidos. Las credenciales de las plataformas y los tokens de acceso de Shopify se guardan cifrados.",
          "Cuando Shopify pide borrar a un cliente (customers/redact), su nombre, correo, direcciones y los avisos sobre sus devoluciones se borran en el acto. Cuando el comerciante desinstala la app, Shopify pide 48 horas después borrar los datos de la tienda (shop/redact), y entonces se borra todo lo de la tienda.",
          "Cuando un cliente pide sus datos al comerciante (customers/data_request), la app prepara una exportación de lo que guarda sobre él; el comerciante la descarga en Ajustes y se la entrega.",
        ],
      },
      {
        heading: "Contacto",
        paragraphs: ["Preguntas sobre esta política o sobre una solicitud de datos: escribe al comerciante de la tienda donde compraste, o a la dirección de soporte de la app indicada en su página de la Shopify App Store."],
      },
    ],
  },
};
