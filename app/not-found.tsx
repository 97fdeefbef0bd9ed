import Link from "next/link";

/** The 404 page: an unknown URL, or a page whose service answered NOT_FOUND (an id that does not exist). */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-6 py-16">
      <p className="text-sm font-medium text-muted">404</p>
      <h1 className="mt-1 text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-sm text-muted">
        Nothing is stored under this address. The item may belong to an older snapshot that a later sync replaced, or
        the link may be mistyped.
      </p>
      <p className="mt-6 text-sm">
        <Link className="font-medium underline underline-offset-2" href="/">
          Back to the overview
        </Link>
      </p>
    </main>
  );
}
