"use client";

import Link from "next/link";
import { useEffect } from "react";

/**
 * What a page shows when its server work failed for a reason other than "not found" (those are the 404 page). In
 * production Next.js sends the browser no error message, only a digest that names the failure in the server log; the
 * page shows that digest so an operator can find it, and never the error's text (it could hold internal details).
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="mx-auto max-w-xl px-6 py-16" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-sm text-muted">
        This page could not be shown. Nothing was changed: Crosswalk only reads. Try again; if it keeps failing, the
        server log has the details{error.digest ? " under the reference below" : ""}.
      </p>
      {error.digest ? (
        <p className="mt-3 text-sm">
          Reference: <code data-testid="error-digest">{error.digest}</code>
        </p>
      ) : null}
      <div className="mt-6 flex gap-4 text-sm">
        <button type="button" className="rounded border border-border px-3 py-1.5 font-medium" onClick={reset}>
          Try again
        </button>
        <Link className="py-1.5 font-medium underline underline-offset-2" href="/">
          Back to the overview
        </Link>
      </div>
    </main>
  );
}
