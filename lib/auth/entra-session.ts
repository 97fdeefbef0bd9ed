import { cookies, headers } from "next/headers";
import { db } from "../db/client";
import { dataDir, env } from "../env";
import { isAppError } from "../errors";
import { log } from "../log";
import { loadKey } from "../crypto/secret-box";
import { beginEntraSignIn, entraSignInEnabled, finishEntraSignIn, PENDING_TTL_MS } from "./entra-sign-in";
import { safeNextPath } from "./safe-next";
import { isHttps, startSessionFor } from "./session";

/**
 * The Entra sign-in bound to the browser: the state cookie that ties Microsoft's answer to the browser that started
 * the sign-in, the redirect URI, and the message a refused sign-in leaves for the sign-in page.
 */
const STATE_COOKIE = "crosswalk_entra_state";
const ERROR_COOKIE = "crosswalk_signin_error";
export const CALLBACK_PATH = "/auth/entra/callback";

/** The redirect URI to register on the app: CROSSWALK_PUBLIC_URL's, else the address this request came to. */
export async function entraRedirectUri(): Promise<string> {
  const configured = env().CROSSWALK_PUBLIC_URL?.replace(/\/$/, "");
  if (configured) return `${configured}${CALLBACK_PATH}`;
  const host = (await headers()).get("host") ?? "localhost";
  return `${(await isHttps()) ? "https" : "http"}://${host}${CALLBACK_PATH}`;
}

/** The secret-box key (the client secret and the PKCE verifiers are sealed with it). */
export function secretKey(): Buffer {
  return loadKey({ secretKey: env().CROSSWALK_SECRET_KEY, dataDir: dataDir() });
}

/** GET /auth/entra/start: where to send the browser (the tenant's authorize URL, or back to sign-in with a message). */
export async function startEntraSignIn(requestUrl: URL): Promise<string> {
  try {
    const next = safeNextPath(requestUrl.searchParams.get("next"));
    const { url, state } = await beginEntraSignIn(
      db(),
      { redirectUri: await entraRedirectUri(), next },
      { key: secretKey() },
    );
    (await cookies()).set(STATE_COOKIE, state, {
      httpOnly: true,
      // Lax: the cookie must come along on Microsoft's top-level redirect back to the callback.
      sameSite: "lax",
      secure: await isHttps(),
      path: "/auth/entra",
      maxAge: PENDING_TTL_MS / 1000,
    });
    return url;
  } catch (e) {
    return failed(e);
  }
}

/** GET /auth/entra/callback: signs in and returns the page to go to, or /signin with the reason. */
export async function completeEntraSignIn(requestUrl: URL): Promise<string> {
  const jar = await cookies();
  const browserState = jar.get(STATE_COOKIE)?.value;
  jar.delete({ name: STATE_COOKIE, path: "/auth/entra" });
  try {
    const { user, next } = await finishEntraSignIn(
      db(),
      { query: requestUrl.searchParams, browserState, redirectUri: await entraRedirectUri() },
      { key: secretKey() },
    );
    await startSessionFor(user);
    return next;
  } catch (e) {
    return failed(e);
  }
}

async function failed(e: unknown): Promise<string> {
  const message = isAppError(e) ? e.message : "Sign-in with Microsoft failed; see the server log";
  if (!isAppError(e) || e.code === "INTERNAL") log.error({ err: e }, "Entra sign-in failed");
  else log.warn({ reason: e.message }, "Entra sign-in refused");
  (await cookies()).set(ERROR_COOKIE, message.slice(0, 600), {
    httpOnly: true,
    sameSite: "lax",
    secure: await isHttps(),
    path: "/signin",
    maxAge: 120,
  });
  return "/signin?error=entra";
}

/** For the sign-in page: whether to offer Microsoft, and the message a refused sign-in left. */
export async function entraSignInState(showError: boolean): Promise<{ enabled: boolean; error: string | null }> {
  const error = showError ? ((await cookies()).get(ERROR_COOKIE)?.value ?? null) : null;
  return { enabled: await entraSignInEnabled(db()), error };
}
