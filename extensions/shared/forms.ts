// The order-page extension's state without the UI: what each form starts with (from the settings the
// backend returns), what it may show (capabilities), how it is checked and which request it becomes.
export * from "./return-options";
export * from "./address-form";
export * from "./label-form";
export * from "./pickup-form";
export * from "./drop-off-form";
export * from "./link-form";
export * from "./label-files";
