import { afterAll, afterEach, beforeAll } from "vitest";
import type { GenerateEstateOptions } from "../fakes/azure-arm/generate";
import type { FakeArmOptions } from "../fakes/azure-arm/server";
import { ARM_SCOPE, type AzureFakes, startAzureFakes } from "./azure-arm-clients";
import { fakeToken } from "./azure-arm-http";

/**
 * A fake Entra tenant and fake ARM over a generated estate for one test file: started before the tests, stopped after
 * them; the ARM options a test changes (faults, buckets, quota) go back to the file's after each test.
 */
export function withAzureFakes(estate: GenerateEstateOptions, arm: Omit<FakeArmOptions, "estate" | "tokens"> = {}) {
  let fakes: AzureFakes | null = null;
  let token = "";
  beforeAll(async () => {
    fakes = await startAzureFakes(estate, arm);
    token = await fakeToken(fakes.entra, ARM_SCOPE);
  });
  afterAll(() => fakes?.stop());
  afterEach(() => {
    if (fakes)
      fakes.arm.options = {
        ...fakes.arm.options,
        ...arm,
        faults: arm.faults,
        readBucket: arm.readBucket,
        resourceGraphQuota: arm.resourceGraphQuota,
      };
  });
  return {
    get f(): AzureFakes {
      if (!fakes) throw new Error("the Azure fakes are not started");
      return fakes;
    },
    /** A bearer token for the ARM audience (raw requests). */
    get token(): string {
      return token;
    },
  };
}

/** Every item of a paged SDK list. */
export async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}
