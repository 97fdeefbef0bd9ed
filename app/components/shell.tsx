import Link from "next/link";
import type { ReactNode } from "react";
import { can, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { NavLinks } from "./nav-links";
import { signOutAction } from "./shell-actions";
import { ThemeToggle } from "./theme-toggle";

/** The signed-in frame: left rail, top bar with the user, main content. */
export function Shell({ username, role, children }: { username: string; role: Role; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      {/* The column stretches to the page's full height and carries the rail's background and border; the nav inside
          sticks to the viewport. (A sticky h-screen nav alone painted only one screen's height, so on long pages the
          background stopped short of the bottom.) Below md (phones) the rail is a bar above the content: a 13rem rail
          left a 390 px screen 180 px for the page. */}
      <div className="shrink-0 border-b border-border bg-surface md:w-52 md:border-r md:border-b-0">
        <nav aria-label="Main" className="flex flex-col p-3 md:sticky md:top-0 md:h-screen">
          <Link href="/" className="mb-1 px-3 py-2 text-lg font-bold tracking-tight md:mb-4">
            Crosswalk
          </Link>
          <NavLinks />
          <div className="mt-3 space-y-2 border-t border-border px-3 pt-3 text-xs text-muted md:mt-auto">
            <p className="break-all">
              Signed in as <span className="font-semibold text-fg">{username}</span>{" "}
              <span data-testid="signed-in-role">({ROLE_LABELS[role]})</span>
            </p>
            {can(role, "manageAccounts") ? (
              <Link href="/settings/sign-in" className="block underline underline-offset-2 hover:text-fg">
                Sign-in with Entra ID
              </Link>
            ) : null}
            <div className="flex items-center gap-2">
              <ThemeToggle />
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded border border-border px-2 py-1 text-xs text-fg hover:bg-surface-2"
                >
                  Sign out
                </button>
              </form>
            </div>
          </div>
        </nav>
      </div>
      <main id="main" className="min-w-0 flex-1 p-3 md:p-6">
        {children}
      </main>
    </div>
  );
}

/** Page heading with an optional line of context and actions on the right. */
export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="mb-5 flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {subtitle ? <div className="mt-1 text-sm text-muted">{subtitle}</div> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </header>
  );
}

/** A bordered panel with a heading. */
export function Panel({ title, children, actions }: { title?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="mb-5 rounded-lg border border-border bg-surface p-4">
      {title || actions ? (
        <div className="mb-3 flex items-center justify-between gap-2">
          {title ? <h2 className="text-base font-semibold">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** The panel a page shows before any source is loaded, pointing to where one is added. */
export function NothingLoaded() {
  return (
    <Panel>
      <p>
        Nothing loaded yet.{" "}
        <Link href="/sources" className="link">
          Add an AWS account or an Entra tenant
        </Link>
        .
      </p>
    </Panel>
  );
}
