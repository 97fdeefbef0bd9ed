import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { FIXTURE_AWS_SOURCE } from "./support/import";
import { signIn } from "./support/session";

const GAAD = path.join(import.meta.dirname, "fixtures", "aws", "gaad.json");

// The proxy matches POST /sources; Next buffers only experimental.proxyClientMaxBodySize of a proxied body (10 MB by
// default) and passes on a truncated body. A 12 MB export (the fixture padded with JSON white space) must import.
test("an upload larger than 10 MB reaches the import whole", async ({ page }) => {
  const padded = Buffer.concat([fs.readFileSync(GAAD), Buffer.alloc(12 * 1024 * 1024, 0x20)]);
  await signIn(page);
  await page.goto("/sources");
  const form = page.getByRole("form", { name: "Import files" });
  // The padded file is the fixture's account, which belongs to one source (another name is refused).
  await form.getByLabel("Source name").fill(FIXTURE_AWS_SOURCE);
  await form
    .getByLabel("Account authorization details (JSON)")
    .setInputFiles({ name: "gaad-12mb.json", mimeType: "application/json", buffer: padded });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByTestId("snapshot-progress")).toContainText("complete", { timeout: 90_000 });
});
