"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { safeNextPath } from "@/lib/auth/safe-next";
import { signInWithPassword } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

export interface FormState {
  error: string | null;
}

const ZSignInSchema = z.object({ username: z.string().max(200), password: z.string().max(2000) });

/** Signs in; on success goes to the page asked for (same-site paths only). */
export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = ZSignInSchema.safeParse({ username: form.get("username") ?? "", password: form.get("password") ?? "" });
  if (!input.success) return { error: "Enter a user name and password" };
  try {
    await signInWithPassword(input.data.username, input.data.password);
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
  redirect(safeNextPath(form.get("next")));
}
