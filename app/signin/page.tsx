import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/accounts";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AuthCard } from "../components/auth-card";
import { CredentialsForm } from "../components/credentials-form";
import { signInAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await currentUser()) redirect("/");
  if (await needsSetup(db())) redirect("/setup");
  const { next } = await searchParams;
  return (
    <AuthCard title="Sign in to Crosswalk">
      <CredentialsForm
        action={signInAction}
        submitLabel="Sign in"
        next={next ?? "/"}
        passwordAutoComplete="current-password"
      />
    </AuthCard>
  );
}
