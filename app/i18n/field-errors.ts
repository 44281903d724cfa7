import type { Locale } from "./messages";

// The settings use-cases (app/settings/provider-connections.server.ts) answer field errors in English; the
// page shows them next to the field in the merchant's language. Unknown messages are shown as they are.

const ES_EXACT: Record<string, string> = {
  Required: "Obligatorio",
  "Name is required": "El nombre es obligatorio",
  "Enter an email address": "Introduce un correo electrónico",
  "Address is required": "La dirección es obligatoria",
  "City is required": "La ciudad es obligatoria",
  "Postal code is required": "El código postal es obligatorio",
  "Use a two-letter country code such as ES": "Usa un código de país de dos letras, como ES",
  "Weight is required for a default parcel": "El peso es obligatorio para un paquete por defecto",
  "Weight must be whole grams between 1 and 70000": "El peso debe ser un número entero de gramos entre 1 y 70000",
  "Use an https:// URL (http:// only for 127.0.0.1 or localhost)": "Usa una URL https:// (http:// solo para 127.0.0.1 o localhost)",
  "Choose production, staging, development or custom": "Elige producción, staging, desarrollo o personalizado",
  "Shop code has letters, digits, '-' and '_' only": "El código de tienda solo admite letras, dígitos, '-' y '_'",
  "iF returns prints PDF or ZPL labels": "iF returns imprime etiquetas PDF o ZPL",
  "Choose production or custom": "Elige producción o personalizado",
  "E-commerce id is required (REVER gives it at onboarding)": "El id de e-commerce es obligatorio (REVER lo facilita en el alta)",
  "REVER labels are PDF, PNG or JPG": "Las etiquetas de REVER son PDF, PNG o JPG",
  "Choose iF returns or REVER": "Elige iF returns o REVER",
  "A custom environment needs a base URL": "Un entorno personalizado necesita una URL base",
  "The custom environment exists only in development and the sandbox": "El entorno personalizado solo existe en desarrollo y en el sandbox",
  "REVER's production address is not configured: the app's operator sets REVER_API_BASE_URL": "La dirección de producción de REVER no está configurada: la define el operador de la app con REVER_API_BASE_URL",
  "Use a base URL on the provider's own API host (or, outside production, a simulator on 127.0.0.1 or localhost)": "Usa una URL base en el host de la API del propio proveedor (o, fuera de producción, un simulador en 127.0.0.1 o localhost)",
  "Enter the iF returns API token again: the endpoint changed": "Vuelve a introducir el token de API de iF returns: el endpoint ha cambiado",
  "Enter the REVER API key again: the endpoint changed": "Vuelve a introducir la clave de API de REVER: el endpoint ha cambiado",
  "iF returns needs the warehouse email": "iF returns necesita el correo del almacén",
  "iF returns needs the warehouse phone": "iF returns necesita el teléfono del almacén",
  "The default carrier service must be one of the listed ones": "El servicio de transporte por defecto debe ser uno de los indicados",
  "Enter the iF returns API token": "Introduce el token de API de iF returns",
  "Enter the REVER API key": "Introduce la clave de API de REVER",
  "must be after the start": "debe ser posterior al inicio",
  "unknown action": "acción desconocida",
  "not a drop-off point": "no es un punto de entrega",
};

const LABELS_ES: Record<string, string> = { Length: "El largo", Width: "El ancho", Height: "El alto", "Requests per second": "Las peticiones por segundo" };

const ES_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^(Length|Width|Height) must be a positive number$/, (m) => `${LABELS_ES[m[1]]} debe ser un número positivo`],
  [/^(Requests per second) must be a number$/, (m) => `${LABELS_ES[m[1]]} deben ser un número`],
  [/^(Requests per second) must be a whole number$/, (m) => `${LABELS_ES[m[1]]} deben ser un número entero`],
  [/^(Requests per second) must be at least (\d+)$/, (m) => `${LABELS_ES[m[1]]} deben ser al menos ${m[2]}`],
  [/^(Requests per second) must be at most (\d+)$/, (m) => `${LABELS_ES[m[1]]} deben ser como máximo ${m[2]}`],
  [/^Expected (\w+), received (\w+)$/, () => "Valor no válido"],
  [/^Invalid enum value\..*$/, () => "Valor no válido"],
  [/^Number must be (greater|less) than or equal to (\d+)$/, (m) => `El número debe ser ${m[1] === "greater" ? "mayor" : "menor"} o igual que ${m[2]}`],
  [/^Invalid (input|string)/, () => "Valor no válido"],
];

export function translateFieldError(locale: Locale, message: string): string {
  if (locale === "en") return message;
  const exact = ES_EXACT[message];
  if (exact) return exact;
  for (const [re, make] of ES_PATTERNS) {
    const m = message.match(re);
    if (m) return make(m);
  }
  return message;
}

/** True when Spanish has its own words for this message (the tests check every message the use-cases give). */
export function hasSpanishFieldError(message: string): boolean {
  return translateFieldError("es", message) !== message;
}
