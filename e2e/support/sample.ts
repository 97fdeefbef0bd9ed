import { test } from "@playwright/test";

/**
 * The comparison-view specs read the sample organisation: run them with E2E_SAMPLE=1 (serve.sh loads it with its
 * earlier state, so drift has two snapshots) or against a running server that holds it (E2E_BASE_URL).
 */
export function needsSample(): void {
  test.skip(
    process.env.E2E_SAMPLE !== "1" && !process.env.E2E_BASE_URL,
    "needs the sample organisation: E2E_SAMPLE=1 (or E2E_BASE_URL of a server that has it)",
  );
}
