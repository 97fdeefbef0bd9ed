/** Minimal XML writing for the IAM Query protocol: elements, lists of <member>, maps of <entry><key><value>. */

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/** IAM timestamps on the wire: ISO-8601 UTC. */
export function isoTimestamp(v: string | Date): string {
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Serializes a value as IAM's query protocol does: arrays as `<name><member>…</member></name>`, objects as nested
 * elements, Dates as ISO-8601, booleans as true/false; null/undefined are omitted.
 */
export function toXml(name: string, value: unknown, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    out.push(`<${name}>`);
    for (const v of value) toXml("member", v, out);
    out.push(`</${name}>`);
  } else if (value instanceof Date) {
    out.push(`<${name}>${isoTimestamp(value)}</${name}>`);
  } else if (typeof value === "object") {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) toXml(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** A map shape (`summaryMapType`): `<name><entry><key>K</key><value>V</value></entry>…</name>`. */
export function mapToXml(name: string, map: Record<string, string | number>, out: string[]): void {
  out.push(`<${name}>`);
  for (const [k, v] of Object.entries(map))
    out.push(`<entry><key>${escapeXml(k)}</key><value>${escapeXml(String(v))}</value></entry>`);
  out.push(`</${name}>`);
}

/** The XML namespaces of the Query-protocol services the fakes speak. */
export const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
export const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** `<XResponse><XResult>…</XResult><ResponseMetadata>…</ResponseMetadata></XResponse>` */
export function responseXml(action: string, result: string, requestId: string, ns = IAM_NS): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The query protocol's error body. */
export function errorXml(
  type: "Sender" | "Receiver",
  code: string,
  message: string,
  requestId: string,
  ns = IAM_NS,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
