import { redirect } from "next/navigation";
import { ensureAdminFromEnv, MIN_PASSWORD_LENGTH_HINT, needsSetup } from "@/lib/auth/accounts";
import { db } from "@/lib/db/client";
import { AuthCard } from "../components/auth-card";
import { CredentialsForm } from "../components/credentials-form";
import { setupAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  await ensureAdminFromEnv(db());
  if (!(await needsSetup(db()))) redirect("/signin");
  return (
    <AuthCard title="Set up Crosswalk">
      <p className="mb-4 text-sm text-muted">
        First run: create the administrator account. The password needs at least {MIN_PASSWORD_LENGTH_HINT} characters;
        it is stored only as a scrypt hash.
      </p>
      <CredentialsForm
        action={setupAction}
        submitLabel="Create account"
        confirm
        defaultUsername="admin"
        passwordAutoComplete="new-password"
      />
    </AuthCard>
  );
}
