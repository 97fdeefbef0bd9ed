import { expect, type Page, test } from "@playwright/test";
import { needsSample } from "./support/sample";
import { shot, signIn } from "./support/session";

needsSample();
// Each test takes three full-page screenshots on top of its questions: ~40 s on a quiet machine, over 90 s on a loaded one.
test.setTimeout(240_000);

// The sample organisation's AWS account (lib/sample/company.ts).
const ACCOUNT = "418273645091";

async function openUser(page: Page, name: string): Promise<void> {
  await page.goto(`/aws?tab=users&q=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name, exact: true }).first().click();
  // The first principal page of a fresh server loads the AWS action catalogue: slow on a loaded machine.
  await expect(page).toHaveURL(/\/principals\/\d+/, { timeout: 60_000 });
}

async function ask(page: Page, action: string, resource: string, context = ""): Promise<void> {
  await page.getByLabel("Action", { exact: true }).fill(action);
  await page.getByLabel("Resource ARN").fill(resource);
  await page.getByLabel(/^Context/).fill(context);
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByRole("region", { name: "Decision" })).toContainText(action, { timeout: 60_000 });
}

test("Can it…? — assuming the break-glass role needs MFA; the deciding statements are quoted", async ({ page }) => {
  await signIn(page);
  await openUser(page, "hvasquez"); // in the Admins group (AdministratorAccess)
  const decision = page.getByRole("region", { name: "Decision" });

  // Without MFA in the context the role's trust policy does not allow: implicit deny, the missing key named.
  await ask(page, "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/BreakGlassAdmin`);
  await expect(decision.getByText("○ Implicit deny")).toBeVisible();
  await expect(page.getByTestId("missing-context")).toContainText("aws:MultiFactorAuthPresent");
  await expect(decision.getByText("Statements that name the action but do not apply")).toBeVisible();
  await expect(decision.getByTestId("deciding-statement").first()).toContainText("BreakGlassAdmin trust policy");
  await expect(decision.getByTestId("deciding-statement").first()).toContainText("a condition is false");

  // With MFA: allowed by AdministratorAccess through the Admins group and by the trust policy.
  await ask(page, "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/BreakGlassAdmin`, "aws:MultiFactorAuthPresent=true");
  await expect(decision.getByText("✓ Allowed")).toBeVisible();
  const statements = decision.getByTestId("deciding-statement");
  await expect(statements).toHaveCount(2);
  await expect(statements.nth(0)).toContainText("AdministratorAccess");
  await expect(statements.nth(0)).toContainText("through group Admins · statement 1");
  await expect(statements.nth(1)).toContainText("BreakGlassAdmin trust policy");
  await expect(statements.nth(1)).toContainText('"aws:MultiFactorAuthPresent": "true"');
  await expect(page).toHaveURL(/can=sts%3AAssumeRole/);
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await decision.scrollIntoViewIfNeeded();
    await shot(page, `cmp-50-can-it-allowed-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  // The policy link lands on the statement that decided.
  await statements.nth(0).getByRole("link", { name: "AdministratorAccess" }).click();
  await expect(page).toHaveURL(/\/policies\/\d+#statement-1$/);
  await expect(page.locator("#statement-1")).toBeVisible();
});

test("Can it…? — explicit deny from the force-MFA policy, a boundary that does not allow, bad input", async ({
  page,
}) => {
  await signIn(page);
  const decision = page.getByRole("region", { name: "Decision" });

  // jwilson is in MFAEnforced (NorthwindForceMFA): without MFA everything but MFA set-up is denied explicitly.
  await openUser(page, "jwilson");
  await ask(page, "s3:ListAllMyBuckets", "");
  await expect(decision.getByText("✕ Explicit deny")).toBeVisible();
  await expect(decision.getByText("Deciding Deny statements")).toBeVisible();
  const deny = decision.getByTestId("deciding-statement").first();
  await expect(deny).toContainText("NorthwindForceMFA");
  await expect(deny).toContainText('through group MFAEnforced · statement 4 "DenyAllExceptListedIfNoMFA"');
  await expect(page.getByTestId("missing-context")).toContainText("aws:MultiFactorAuthPresent");
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await decision.scrollIntoViewIfNeeded();
    await shot(page, `cmp-51-can-it-explicit-deny-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  // Setting up one's own virtual MFA device is what the policy leaves open.
  await ask(page, "iam:CreateVirtualMFADevice", `arn:aws:iam::${ACCOUNT}:mfa/jwilson`);
  await expect(decision.getByText("✓ Allowed")).toBeVisible();
  await expect(decision.getByTestId("deciding-statement").first()).toContainText("AllowManageOwnVirtualMFADevice");

  // bjorn.eriksen: a group policy allows sns:ListTopics, the ContractorBoundary does not.
  await openUser(page, "bjorn.eriksen");
  await ask(page, "sns:ListTopics", "");
  await expect(decision.getByText("○ Implicit deny")).toBeVisible();
  await expect(decision).toContainText("Because the permissions boundary does not allow it.");
  await expect(decision.getByRole("list", { name: "By policy type" })).toContainText(
    "Permission boundary: does not allow",
  );
  await expect(decision.getByRole("list", { name: "By policy type" })).toContainText("Identity policies: allows");

  // A context line that is not key=value is refused with the line named; nothing is evaluated.
  await page.getByLabel(/^Context/).fill("aws:SourceIp 203.0.113.9");
  await page.getByRole("button", { name: "Evaluate" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Context line 1" })).toBeVisible();
  await expect(decision).toHaveCount(0);
});

test("Privilege tier — why: the escalation pattern that decided it, with its source and the statements", async ({
  page,
}) => {
  await signIn(page);
  await openUser(page, "aledner"); // in the ITAdmins group (IAMFullAccess): can grant itself everything
  const reasons = page.getByTestId("tier-reason");
  const iam = reasons.filter({ hasText: "IAMFullAccess" }).first();
  await expect(iam).toContainText("via group ITAdmins");
  await expect(iam).toContainText("can become admin");
  const pattern = iam.getByTestId("tier-pattern");
  await expect(pattern).toContainText(/Pattern iam-[a-z-]+/);
  // The source is a public catalogue page (Rhino Security Labs, Bishop Fox iam-vulnerable, pathfinding.cloud…).
  await expect(pattern.getByRole("link")).toHaveAttribute("href", /^https:\/\//);
  await expect(iam.getByRole("list", { name: "Actions that decided the tier" })).toContainText("iam:");
  for (const width of [390, 1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await iam.scrollIntoViewIfNeeded();
    await shot(page, `cmp-52-tier-why-${width}`);
  }
});
