import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { startEntraSignIn } from "@/lib/auth/entra-session";

export const dynamic = "force-dynamic";

/** "Sign in with Microsoft": to the tenant's authorize endpoint (or back to /signin with the reason). */
export async function GET(request: NextRequest): Promise<never> {
  redirect(await startEntraSignIn(request.nextUrl));
}
