"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createFirstAdmin } from "@/lib/auth/accounts";
import { startSessionFor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { FormState } from "../signin/actions";

const ZSetupSchema = z.object({
  username: z.string().max(200),
  password: z.string().max(2000),
  confirm: z.string().max(2000),
});

/** First run: creates the admin account (refused once any account exists) and signs it in. */
export async function setupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = ZSetupSchema.safeParse({
    username: form.get("username") ?? "",
    password: form.get("password") ?? "",
    confirm: form.get("confirm") ?? "",
  });
  if (!input.success) return { error: "Fill in every field" };
  if (input.data.password !== input.data.confirm) return { error: "The two passwords differ" };
  try {
    const user = await createFirstAdmin(db(), input.data.username, input.data.password);
    await startSessionFor(user);
  } catch (e) {
    if (isAppError(e)) return { error: e.message };
    throw e;
  }
  redirect("/sources");
}
