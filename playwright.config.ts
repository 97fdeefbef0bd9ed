import { defineConfig } from "@playwright/test";

// The app under test: built and started on its own port with a fresh SQLite database in a temp dir (see
// e2e/support/serve.sh). E2E_BASE_URL points the specs at an already running server instead.
const PORT = Number(process.env.E2E_PORT ?? 41731);
const external = process.env.E2E_BASE_URL;
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password-1";

export default defineConfig({
  testDir: "e2e",
  // Traces of failures; E2E_OUTPUT gives concurrent runs their own folder (Playwright empties it at start).
  outputDir: process.env.E2E_OUTPUT ?? "test-results/artifacts",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: `bash e2e/support/serve.sh ${PORT}`,
        url: `http://127.0.0.1:${PORT}/signin`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
        env: { CROSSWALK_ADMIN_PASSWORD: ADMIN_PASSWORD, NEXT_TELEMETRY_DISABLED: "1", CROSSWALK_NO_SAMPLE: "1" },
      },
});
