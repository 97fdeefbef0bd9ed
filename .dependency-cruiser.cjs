// The import graph's rules (`npm run lint` runs them): layers point one way,
//   app → lib/services → {lib/providers, lib/analysis, lib/translate, lib/report, lib/db} → lib/model,
// only lib/db imports Prisma, and only the provider code of a cloud imports that cloud's SDK.
// Provider code lives in lib/connectors/<cloud> until the move to lib/providers/<cloud> lands: both paths are allowed.
// An exception is written here, next to the rule it relaxes, with the reason.
// `npm run lint` cruises app, lib, e2e and the root modules; prisma/ (the Prisma CLI's own config, schemas and
// migrations) is not application code.
// There is no list of known violations: every rule holds with no exception but the ones written below.
// lib/testing/dependency-rules.test.ts plants one violation of each rule in a scratch tree and checks that this
// config reports it (a rule that cannot fire is a defect like a test that cannot fail).

const PROVIDERS = "^lib/(connectors|providers)";
const PRISMA = ["^node_modules/(@prisma|prisma|\\.prisma)/", "^lib/db/generated/"];
const AWS_SDK = "^node_modules/@aws-sdk/";
const AZURE_SDK = ["^node_modules/@azure/", "^node_modules/@microsoft/microsoft-graph-client/"];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "A cycle makes module order matter (a registry filled by a side-effect import) and layers meaningless.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "db-below-domain",
      comment: "lib/db reads and writes rows; it computes nothing with analysis or translation and knows no caller.",
      severity: "error",
      from: { path: "^lib/db/" },
      to: { path: "^(lib/analysis|lib/translate|lib/services|lib/report|app)/" },
    },
    {
      name: "model-is-the-bottom",
      comment: "lib/model holds the shared shapes: it imports zod and itself, nothing else.",
      severity: "error",
      from: { path: "^lib/model/" },
      to: { pathNot: ["^lib/model/", "^node_modules/zod/"] },
    },
    {
      name: "domain-is-pure",
      comment:
        "Analysis, translation and report rendering are pure: no database, no service, no page, no Prisma, no cloud SDK.",
      severity: "error",
      from: { path: "^lib/(analysis|translate|report)/" },
      to: { path: ["^(lib/db|lib/services|app)/", ...PRISMA, AWS_SDK, ...AZURE_SDK] },
    },
    {
      name: "only-db-imports-prisma",
      comment: "Prisma (the client and its generated code) stays behind lib/db's functions.",
      severity: "error",
      from: { pathNot: "^lib/db/" },
      to: { path: PRISMA },
    },
    {
      name: "only-aws-provider-imports-aws-sdk",
      comment: "Only the AWS provider code talks to AWS.",
      severity: "error",
      // Exception: the tests of the fake AWS servers, and the test helpers they share (lib/testing/aws-org-*), call
      // the fakes and moto through the real SDK clients: that is how they prove the fakes speak what the SDK expects.
      from: {
        pathNot: [
          `${PROVIDERS}/aws/`,
          `${PROVIDERS}/aws-org/`,
          "^lib/fakes/aws-[a-z-]+/[^/]+\\.test\\.ts$",
          "^lib/testing/aws-org-[a-z-]+\\.ts$",
        ],
      },
      to: { path: AWS_SDK },
    },
    {
      name: "only-microsoft-provider-imports-microsoft-sdks",
      comment: "Only the Entra (and later Azure) provider code talks to Microsoft.",
      severity: "error",
      // Exception: the tests of the fake ARM, the test helpers they share (lib/testing/azure-arm-*) and the bench that
      // measures ARM against Resource Graph (lib/bench/azure-read*) drive the fake through the real Azure SDK
      // packages: that is how they prove the fake speaks what the SDKs expect, and what reading a tenant costs.
      from: {
        pathNot: [
          `${PROVIDERS}/(entra|azure)/`,
          "^lib/fakes/azure-arm/[^/]+\\.test\\.ts$",
          "^lib/testing/azure-arm-[a-z-]+\\.ts$",
          "^lib/bench/azure-read[a-z-]*\\.ts$",
        ],
      },
      to: { path: AZURE_SDK },
    },
    {
      name: "app-through-services",
      comment:
        "Pages, components and routes call services; they never read tables, run analysis or translation, or reach a " +
        "provider themselves, and never see a db row type. lib/db/client (the handle a page passes to a service) is " +
        "the one lib/db module they may name.",
      severity: "error",
      from: { path: "^app/" },
      to: {
        path: [
          "^lib/(analysis|translate|report|providers|connectors|fakes|testing|bench|cli)/",
          "^lib/db/(?!client\\.ts$)",
        ],
      },
    },
    {
      name: "services-below-app",
      comment: "Services serve pages, routes and the CLI; they never import them.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
  ],
  options: {
    // Generated Prisma code is a leaf: importing it is what the rules look at, what it imports is not.
    doNotFollow: { path: ["^node_modules/", "^lib/db/generated/"] },
    exclude: { path: ["^\\.next/", "^data/", "^test-results/"] },
    // Type-only imports count: a type is a dependency of the layer that names it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
  },
};
