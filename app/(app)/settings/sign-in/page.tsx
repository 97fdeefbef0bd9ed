import { PageHeader, Panel } from "@/app/components/shell";
import { DateOnly } from "@/app/components/date-only";
import { DEFAULT_ROLE_MAP_TEXT, getEntraSignInSettings } from "@/lib/auth/entra-sign-in";
import { entraRedirectUri } from "@/lib/auth/entra-session";
import { can, deniedMessage } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { removeSignInSettingsAction } from "./actions";
import { SignInSettingsForm } from "./settings-form";

export const dynamic = "force-dynamic";

export default async function SignInSettingsPage() {
  const user = await requireUser();
  if (!can(user.role, "manageAccounts"))
    return (
      <>
        <PageHeader title="Sign-in with Microsoft Entra ID" />
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          {deniedMessage(user.role, "manageAccounts")}.
        </p>
      </>
    );
  const s = await getEntraSignInSettings(db());
  const redirectUri = await entraRedirectUri();
  const join = (v: string[]) => v.join(", ");
  return (
    <>
      <PageHeader
        title="Sign-in with Microsoft Entra ID"
        subtitle="People sign in with their work account; the app roles or groups Entra gives them decide their Crosswalk role. Crosswalk accounts with a password keep working, for break-glass."
      />
      <Panel title="Status">
        <p className="text-sm" data-testid="entra-sign-in-status">
          {s === null ? (
            "Not set up: only Crosswalk accounts can sign in."
          ) : s.enabled ? (
            <>
              <span className="font-semibold text-ok">On</span> — tenant <code>{s.tenantId}</code>, app{" "}
              <code>{s.clientId}</code>.
            </>
          ) : (
            <>
              <span className="font-semibold">Off</span> — saved but not offered on the sign-in page.
            </>
          )}
          {s ? (
            <span className="text-muted">
              {" "}
              Last saved <DateOnly value={s.updatedAt} />
              {s.updatedBy ? ` by ${s.updatedBy}` : ""}.
            </span>
          ) : null}
        </p>
      </Panel>
      <div className="grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Panel title="Settings">
          <SignInSettingsForm
            values={{
              configured: s !== null,
              enabled: s?.enabled ?? true,
              tenantId: s?.tenantId ?? "",
              clientId: s?.clientId ?? "",
              authorityHost: s?.authorityHost ?? "",
              roleMap: s
                ? { viewer: join(s.roleMap.viewer), auditor: join(s.roleMap.auditor), admin: join(s.roleMap.admin) }
                : DEFAULT_ROLE_MAP_TEXT,
            }}
          />
          {s ? (
            <form action={removeSignInSettingsAction} className="mt-4 border-t border-border pt-4">
              <button
                type="submit"
                className="rounded border border-danger px-3 py-1.5 text-sm text-danger hover:bg-danger-bg"
              >
                Remove these settings
              </button>
            </form>
          ) : null}
        </Panel>
        <Panel title="In Entra">
          <ol className="list-decimal space-y-2 pl-5 text-sm">
            <li>
              App registrations → New registration, single tenant. Platform <strong>Web</strong>, redirect URI:
              <code className="mt-1 block break-all rounded bg-surface-2 px-2 py-1" data-testid="redirect-uri">
                {redirectUri}
              </code>
            </li>
            <li>Certificates &amp; secrets → New client secret; paste its value here.</li>
            <li>
              App roles → create <code>Crosswalk.Viewer</code>, <code>Crosswalk.Auditor</code> and{" "}
              <code>Crosswalk.Admin</code> (members: users/groups), then assign people or groups under Enterprise
              applications → Users and groups. Or map group object ids (token configuration → groups claim).
            </li>
            <li>
              API permissions: none. Crosswalk asks only for <code>openid</code> and <code>profile</code> when people
              sign in.
            </li>
          </ol>
        </Panel>
      </div>
    </>
  );
}
