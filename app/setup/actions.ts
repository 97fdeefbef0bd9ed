"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { setUpAndSignIn } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import type { FormState } from "../signin/actions";

const ZSetupSchema = z.object({
  username: z.string().max(200),
  password: z.string().max(2000),
  confirm: z.string().max(2000),
  code: z.string().max(200),
});

/** First run: creates the admin account with the one-time set-up code (refused once any account exists), signs it in. */
export async function setupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = ZSetupSchema.safeParse({
    username: form.get("username") ?? "",
    password: form.get("password") ?? "",
    confirm: form.get("confirm") ?? "",
    code: form.get("setupCode") ?? "",
  });
  if (!input.success) return { error: "Fill in every field" };
  if (input.data.password !== input.data.confirm) return { error: "The two passwords differ" };
  try {
    await setUpAndSignIn({ username: input.data.username, password: input.data.password, code: input.data.code });
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
  redirect("/sources");
}
