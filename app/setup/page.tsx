import { redirect } from "next/navigation";
import { MIN_PASSWORD_LENGTH_HINT } from "@/lib/auth/accounts";
import { setupIsOpen } from "@/lib/auth/session";
import { AuthCard } from "../components/auth-card";
import { CredentialsForm } from "../components/credentials-form";
import { setupAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await setupIsOpen())) redirect("/signin");
  return (
    <AuthCard title="Set up Crosswalk">
      <p className="mb-4 text-sm text-muted">
        First run: create the administrator account. Enter the one-time set-up code printed on the server&apos;s console
        (also in the file <code>setup-code</code> in the data folder). The password needs at least{" "}
        {MIN_PASSWORD_LENGTH_HINT} characters; it is stored only as a scrypt hash.
      </p>
      <CredentialsForm
        action={setupAction}
        submitLabel="Create account"
        confirm
        setupCode
        defaultUsername="admin"
        passwordAutoComplete="new-password"
      />
    </AuthCard>
  );
}
