import type { SeedAddress, SeedReturnReason } from "../shopify/seed";

// The demo shop's customers and catalogue: a Spanish fashion shop with customers across Spain.

export interface Customer {
  firstName: string;
  lastName: string;
  email: string;
  address: SeedAddress;
}

const person = (firstName: string, lastName: string, address1: string, city: string, provinceCode: string, zip: string, phone: string | null): Customer => ({
  firstName,
  lastName,
  email: `${firstName}.${lastName}`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "") + "@example.com",
  address: { firstName, lastName, address1, city, provinceCode, zip, countryCode: "ES", ...(phone ? { phone } : {}) },
});

export const CUSTOMERS: Customer[] = [
  person("Lucía", "García", "Calle de Alcalá 45", "Madrid", "M", "28014", "+34600111222"),
  person("Jordi", "Puig", "Carrer de Mallorca 210", "Barcelona", "B", "08008", "+34600333444"),
  person("Carmen", "Ruiz", "Avenida de la Constitución 18", "Sevilla", "SE", "41001", "+34611222333"),
  person("Iker", "Etxeberria", "Gran Vía de Don Diego López de Haro 30", "Bilbao", "BI", "48009", "+34622333444"),
  person("Marta", "Sánchez", "Calle de Colón 12", "Valencia", "V", "46004", "+34633444555"),
  person("Pablo", "Fernández", "Calle Uría 25", "Oviedo", "O", "33003", "+34644555666"),
  person("Nuria", "Vidal", "Passeig de Gràcia 55", "Barcelona", "B", "08007", "+34655666777"),
  person("Álvaro", "Romero", "Calle Larios 8", "Málaga", "MA", "29005", "+34666777888"),
  person("Elena", "Navarro", "Paseo de la Independencia 20", "Zaragoza", "Z", "50004", "+34677888999"),
  person("Sergio", "López", "Calle Mayor 3", "Salamanca", "SA", "37001", "+34688999000"),
  person("Ainhoa", "Aguirre", "Avenida de la Libertad 14", "San Sebastián", "SS", "20004", "+34699000111"),
  person("Javier", "Martín", "Calle Real 41", "A Coruña", "C", "15003", "+34610101010"),
];

/** A customer whose order has no phone number: iF returns refuses a label without one (the demo's first failure). */
export const CUSTOMER_WITHOUT_PHONE = person("Rocío", "Moreno", "Calle San Fernando 7", "Cádiz", "CA", "11004", null);

export interface Product {
  title: string;
  price: string;
  variant: string;
}

export const PRODUCTS: Product[] = [
  { title: "Camisa de lino", price: "39.90", variant: "M" },
  { title: "Zapatillas de piel", price: "89.00", variant: "42" },
  { title: "Bufanda de lana", price: "24.50", variant: "Gris" },
  { title: "Chaqueta vaquera", price: "79.00", variant: "L" },
  { title: "Vestido de algodón", price: "55.00", variant: "S" },
  { title: "Jersey de punto", price: "49.90", variant: "M" },
  { title: "Pantalón chino", price: "45.00", variant: "40" },
  { title: "Bolso de piel", price: "120.00", variant: "Camel" },
];

export const REASONS: SeedReturnReason[] = ["SIZE_TOO_SMALL", "SIZE_TOO_LARGE", "DEFECTIVE", "NOT_AS_DESCRIBED", "STYLE", "COLOR", "WRONG_ITEM", "UNWANTED"];
