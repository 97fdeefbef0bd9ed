export * from "./document";
export * from "./exporter";
export * from "./formats";
export { NOT_COLLECTED } from "./cells";
export { REPORT_JSON_VERSION } from "./exporters/json";
export { PDF_DEFAULT_MAX_ROWS } from "./exporters/pdf";
