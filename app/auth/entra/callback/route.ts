import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { completeEntraSignIn } from "@/lib/auth/entra-session";

export const dynamic = "force-dynamic";

/** Microsoft sends the browser back here with a code (or an error): sign in, then go where the person was going. */
export async function GET(request: NextRequest): Promise<never> {
  redirect(await completeEntraSignIn(request.nextUrl));
}
