"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { removeEntraSignInSettings, saveEntraSignInSettings } from "@/lib/auth/entra-sign-in";
import { secretKey } from "@/lib/auth/entra-session";
import { requirePermission } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

export interface SignInSettingsState {
  error: string | null;
  ok?: string;
}

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v.slice(0, 4000) : "";
};

/** Saves the Entra sign-in settings (admins only); the secret is sealed and never comes back. */
export async function saveSignInSettingsAction(
  _prev: SignInSettingsState,
  form: FormData,
): Promise<SignInSettingsState> {
  try {
    const user = await requirePermission("manageAccounts");
    const saved = await saveEntraSignInSettings(
      db(),
      {
        enabled: form.get("enabled") === "on",
        tenantId: text(form, "tenantId"),
        clientId: text(form, "clientId"),
        clientSecret: text(form, "clientSecret"),
        authorityHost: text(form, "authorityHost"),
        roleMap: { viewer: text(form, "viewer"), auditor: text(form, "auditor"), admin: text(form, "admin") },
      },
      user.username,
      { key: secretKey() },
    );
    revalidatePath("/settings/sign-in");
    return {
      error: null,
      ok: saved.enabled
        ? "Saved; the client secret is stored encrypted. The sign-in page now offers “Sign in with Microsoft”"
        : "Saved; the client secret is stored encrypted. Sign-in with Microsoft is off",
    };
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
}

export async function removeSignInSettingsAction(): Promise<void> {
  const user = await requirePermission("manageAccounts");
  await removeEntraSignInSettings(db(), user.username);
  revalidatePath("/settings/sign-in");
  redirect("/settings/sign-in");
}
