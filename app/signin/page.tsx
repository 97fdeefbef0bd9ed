import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/accounts";
import { entraSignInState } from "@/lib/auth/entra-session";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AuthCard } from "../components/auth-card";
import { CredentialsForm } from "../components/credentials-form";
import { MicrosoftLogo } from "../components/microsoft-logo";
import { signInAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  if (await currentUser()) redirect("/");
  if (await needsSetup(db())) redirect("/setup");
  const { next, error } = await searchParams;
  const entra = await entraSignInState(error === "entra");
  return (
    <AuthCard title="Sign in to Crosswalk">
      {entra.error ? (
        <p role="alert" className="mb-4 rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          {entra.error}
        </p>
      ) : null}
      {entra.enabled ? (
        <>
          <a
            href={`/auth/entra/start?next=${encodeURIComponent(next ?? "/")}`}
            className="flex w-full items-center justify-center gap-3 rounded border border-border bg-surface px-4 py-2 font-medium text-fg hover:bg-surface-2"
          >
            <MicrosoftLogo />
            Sign in with Microsoft
          </a>
          <p className="my-4 flex items-center gap-3 text-xs text-muted">
            <span className="h-px flex-1 bg-border" />
            or with a Crosswalk account
            <span className="h-px flex-1 bg-border" />
          </p>
        </>
      ) : null}
      <CredentialsForm
        action={signInAction}
        submitLabel="Sign in"
        next={next ?? "/"}
        passwordAutoComplete="current-password"
      />
    </AuthCard>
  );
}
