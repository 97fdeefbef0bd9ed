"use client";

import { useActionState, useId } from "react";
import { saveSignInSettingsAction, type SignInSettingsState } from "./actions";

const input = "mt-1 block w-full rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg";
const labelCls = "block text-sm font-medium";
const hintCls = "mt-0.5 block text-xs font-normal text-muted";
const INITIAL: SignInSettingsState = { error: null };

/** What the form starts with: the stored settings (never the secret) or the defaults. */
export interface SettingsFormValues {
  configured: boolean;
  enabled: boolean;
  tenantId: string;
  clientId: string;
  authorityHost: string;
  roleMap: { viewer: string; auditor: string; admin: string };
}

function Field(props: {
  name: string;
  label: string;
  hint?: string;
  defaultValue?: string;
  placeholder?: string;
  required?: boolean;
  type?: string;
  autoComplete?: string;
  mono?: boolean;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {props.label}
      </label>
      {props.hint ? (
        <span id={`${id}-hint`} className={hintCls}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        required={props.required}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? "off"}
        spellCheck={false}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        className={`${input} ${props.mono ? "font-mono" : ""}`}
      />
    </div>
  );
}

const ROLE_ROWS = [
  { name: "admin", label: "Admin", hint: "Sources, secrets, syncs, accounts and these settings" },
  { name: "auditor", label: "Auditor", hint: "Every page, reports and person-link decisions" },
  { name: "viewer", label: "Viewer", hint: "Every page, exports and the translator" },
] as const;

export function SignInSettingsForm({ values }: { values: SettingsFormValues }) {
  const [state, action, pending] = useActionState(saveSignInSettingsAction, INITIAL);
  return (
    <form action={action} className="space-y-4" aria-label="Entra sign-in settings">
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} /> Offer “Sign in with Microsoft” on the
        sign-in page
      </label>
      <div className="grid gap-3 lg:grid-cols-2">
        <Field
          name="tenantId"
          label="Tenant id"
          required
          mono
          defaultValue={values.tenantId}
          placeholder="00000000-0000-0000-0000-000000000000"
          hint="Directory (tenant) id or a verified domain; only this tenant's users can sign in."
        />
        <Field
          name="clientId"
          label="Application (client) id"
          required
          mono
          defaultValue={values.clientId}
          placeholder="00000000-0000-0000-0000-000000000000"
          hint="From the app registration's overview."
        />
      </div>
      <Field
        name="clientSecret"
        label="Client secret value"
        type="password"
        autoComplete="new-password"
        required={!values.configured}
        placeholder={values.configured ? "Stored encrypted — leave empty to keep it" : ""}
        hint="Stored encrypted; never shown again, never logged."
      />
      <fieldset className="rounded border border-border p-3">
        <legend className="px-1 text-sm font-medium">Roles</legend>
        <p className="mb-3 text-xs text-muted">
          App role values (the token’s <code>roles</code> claim) or group object ids (its <code>groups</code> claim),
          separated by commas. A person gets the highest role any of theirs maps to; nobody else can sign in.
        </p>
        <div className="grid gap-3 lg:grid-cols-3">
          {ROLE_ROWS.map((r) => (
            <Field
              key={r.name}
              name={r.name}
              label={r.label}
              hint={r.hint}
              mono
              defaultValue={values.roleMap[r.name]}
            />
          ))}
        </div>
      </fieldset>
      <details className="text-sm" open={values.authorityHost !== ""}>
        <summary className="cursor-pointer">National cloud or test endpoints</summary>
        <div className="mt-2 max-w-md">
          <Field
            name="authorityHost"
            label="Authority host"
            defaultValue={values.authorityHost}
            placeholder="login.microsoftonline.com"
            hint="login.microsoftonline.us for US Government, login.chinacloudapi.cn for China."
          />
        </div>
      </details>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90 disabled:opacity-60"
      >
        {pending ? "Saving…" : "Save"}
      </button>
      {state.error ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          {state.error}
        </p>
      ) : null}
      {state.ok ? (
        <p role="status" className="rounded border border-ok bg-ok-bg px-3 py-2 text-sm text-ok">
          {state.ok}
        </p>
      ) : null}
    </form>
  );
}
