import { AppError } from "../../errors";

/**
 * National clouds: token, Graph and Azure Resource Manager hosts (learn "national
 * clouds"; ARM: learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure#guidance-for-developers
 * and learn.microsoft.com/azure/china/resources-developer-guide). Tokens are not interchangeable across clouds; the
 * `.default` scope uses the cloud's Graph host, or its ARM host for Azure Resource Manager.
 */
export const CLOUDS = {
  global: {
    authorityHost: "login.microsoftonline.com",
    graphHost: "graph.microsoft.com",
    armHost: "management.azure.com",
  },
  usgov: {
    authorityHost: "login.microsoftonline.us",
    graphHost: "graph.microsoft.us",
    armHost: "management.usgovcloudapi.net",
  },
  usgovDod: {
    authorityHost: "login.microsoftonline.us",
    graphHost: "dod-graph.microsoft.us",
    armHost: "management.usgovcloudapi.net",
  },
  china: {
    authorityHost: "login.chinacloudapi.cn",
    graphHost: "microsoftgraph.chinacloudapi.cn",
    armHost: "management.chinacloudapi.cn",
  },
} as const;
export type CloudName = keyof typeof CLOUDS;

export interface Endpoints {
  /** e.g. https://login.microsoftonline.com */
  authorityOrigin: string;
  /** host[:port] of the authority, for MSAL knownAuthorities */
  authorityHost: string;
  /** e.g. https://graph.microsoft.com */
  graphOrigin: string;
  /** hostname only (no port), for the Graph client's customHosts */
  graphHostname: string;
  /** Where ARM requests go, e.g. https://management.azure.com (a fake or proxy may stand in). */
  armOrigin: string;
  /** The ARM token audience of the cloud, e.g. https://management.azure.com — whatever host requests go to. */
  armAudience: string;
}

/** Accepts a host, host:port or https URL; a preset name ("usgov") picks that cloud's host. */
function origin(value: string, what: string): URL {
  const v = value.trim();
  const u = new URL(/^[a-z]+:\/\//i.test(v) ? v : `https://${v}`);
  if (u.protocol !== "https:") throw new AppError("BAD_INPUT", `${what} must use https (${value})`);
  if (u.pathname !== "/" || u.search)
    throw new AppError("BAD_INPUT", `${what} must be a host, not a URL with a path (${value})`);
  return u;
}

export function resolveEndpoints(input: {
  cloud?: CloudName;
  authorityHost?: string | null;
  graphHost?: string | null;
  armHost?: string | null;
}): Endpoints {
  const preset = CLOUDS[input.cloud ?? "global"];
  if (!preset)
    throw new AppError("BAD_INPUT", `Unknown cloud ${input.cloud}; use one of ${Object.keys(CLOUDS).join(", ")}`);
  const presetFor = (v: string | null | undefined) => (v && v in CLOUDS ? CLOUDS[v as CloudName] : null);
  const a = origin(
    presetFor(input.authorityHost)?.authorityHost ?? input.authorityHost ?? preset.authorityHost,
    "The authority host",
  );
  const g = origin(presetFor(input.graphHost)?.graphHost ?? input.graphHost ?? preset.graphHost, "The Graph host");
  const arm = origin(presetFor(input.armHost)?.armHost ?? input.armHost ?? preset.armHost, "The ARM host");
  // NOTE: a preset name picks that cloud's audience too; a bare host (a fake, a proxy) keeps the chosen cloud's.
  const audienceCloud = presetFor(input.armHost) ?? preset;
  return {
    authorityOrigin: a.origin,
    authorityHost: a.host,
    graphOrigin: g.origin,
    graphHostname: g.hostname,
    armOrigin: arm.origin,
    armAudience: `https://${audienceCloud.armHost}`,
  };
}
