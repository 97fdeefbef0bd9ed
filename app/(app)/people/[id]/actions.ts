"use server";

import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { confirmPerson, linkPeople, splitPerson, undoDecision } from "@/lib/services/link-people";

/**
 * Person-link overrides (confirm / split / link / undo). Each checks the session and the role (auditor or admin), calls the service and redirects to
 * the person the identity belongs to afterwards (ids may change when people are recomputed), with the outcome in the
 * URL so it works without JavaScript.
 */

function str(form: FormData, key: string): string {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
}

function num(form: FormData, key: string): number {
  const n = Number(str(form, key));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

async function run(form: FormData, done: string, fn: (personId: number) => Promise<number | null>): Promise<never> {
  const personId = num(form, "personId");
  let next: number | null = personId;
  let error: string | null = null;
  try {
    await requirePermission("decideLinks");
    next = await fn(personId);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e.message;
  }
  const target = next ?? personId;
  redirect(error ? `/people/${target}?error=${encodeURIComponent(error)}` : `/people/${target}?done=${done}`);
}

export async function confirmPersonAction(form: FormData): Promise<void> {
  await run(form, "confirmed", (id) => confirmPerson(db(), id, str(form, "note")));
}

export async function splitPersonAction(form: FormData): Promise<void> {
  await run(form, "split", (id) => splitPerson(db(), id, str(form, "note")));
}

export async function linkPersonAction(form: FormData): Promise<void> {
  await run(form, "linked", (id) => linkPeople(db(), id, num(form, "otherId"), str(form, "note")));
}

export async function undoDecisionAction(form: FormData): Promise<void> {
  await run(form, "undone", (id) => undoDecision(db(), id, str(form, "linkId")));
}
