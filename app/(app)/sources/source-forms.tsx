"use client";

import Link from "next/link";
import { useActionState, useId, useState } from "react";
import {
  addAwsSourceAction,
  addEntraSourceAction,
  importFilesAction,
  syncNowAction,
  type SourceFormState,
} from "./actions";
import { SnapshotProgress } from "./snapshot-progress";

const input = "mt-1 block w-full rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg";
const labelCls = "block text-sm font-medium";
const hint = "mt-0.5 block text-xs font-normal text-muted";
const button = "rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90 disabled:opacity-60";
const INITIAL: SourceFormState = { error: null };

function Result({ state }: { state: SourceFormState }) {
  if (state.error) {
    return (
      <p role="alert" className="mt-3 rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
        {state.error}
      </p>
    );
  }
  if (state.snapshotId)
    return <SnapshotProgress key={state.snapshotId} snapshotId={state.snapshotId} sourceId={state.sourceId} />;
  if (state.ok) {
    return (
      <p role="status" className="mt-3 rounded border border-ok bg-ok-bg px-3 py-2 text-sm text-ok">
        {state.ok}.{" "}
        {state.sourceId ? (
          <Link href={`/sources/${state.sourceId}`} className="underline">
            Open it
          </Link>
        ) : null}
      </p>
    );
  }
  return null;
}

function Field(props: {
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  type?: string;
  autoComplete?: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelCls}>
        {props.label}
      </label>
      {props.hint ? (
        <span id={`${id}-hint`} className={hint}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        required={props.required}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? "off"}
        spellCheck={false}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        className={input}
      />
    </div>
  );
}

export function AddAwsForm() {
  const [state, action, pending] = useActionState(addAwsSourceAction, INITIAL);
  return (
    <form action={action} className="space-y-3" aria-label="Add an AWS account">
      <Field name="name" label="Name" required placeholder="prod-account" />
      <Field
        name="profile"
        label="Profile"
        hint="A named profile from ~/.aws/config (SSO profiles work). Empty: the default provider chain."
      />
      <Field name="roleArn" label="Role ARN to assume" placeholder="arn:aws:iam::123456789012:role/CrosswalkAudit" />
      <Field
        name="externalId"
        label="External id"
        hint="Only with a role ARN, when the role's trust policy requires one."
      />
      <div className="grid grid-cols-2 gap-3">
        <Field name="endpoint" label="IAM endpoint" placeholder="https://iam.amazonaws.com" />
      </div>
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Adding…" : "Add AWS account"}
      </button>
      <Result state={state} />
    </form>
  );
}

export function AddEntraForm() {
  const [state, action, pending] = useActionState(addEntraSourceAction, INITIAL);
  const [mode, setMode] = useState<"secret" | "certificate">("secret");
  return (
    <form action={action} className="space-y-3" aria-label="Add an Entra tenant">
      <Field name="name" label="Name" required placeholder="contoso" />
      <Field name="tenantId" label="Tenant id" required placeholder="00000000-0000-0000-0000-000000000000" />
      <Field name="clientId" label="Application (client) id" required />
      <fieldset>
        <legend className="text-sm font-medium">Credential</legend>
        <div className="mt-1 flex gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input type="radio" name="authMode" checked={mode === "secret"} onChange={() => setMode("secret")} /> Client
            secret
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="authMode"
              checked={mode === "certificate"}
              onChange={() => setMode("certificate")}
            />{" "}
            Certificate
          </label>
        </div>
      </fieldset>
      {mode === "secret" ? (
        <Field
          name="clientSecret"
          label="Secret value"
          type="password"
          autoComplete="new-password"
          hint="Stored encrypted; never shown again."
        />
      ) : (
        <label className={labelCls}>
          Certificate (PEM with private key)
          <span className={hint}>Stored encrypted; never shown again.</span>
          <input name="certificateFile" type="file" accept=".pem,.crt,.key,text/plain" className={input} />
        </label>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer">National cloud or test endpoints</summary>
        <div className="mt-2 grid grid-cols-2 gap-3">
          <Field name="authorityHost" label="Authority host" placeholder="login.microsoftonline.com" />
          <Field name="graphHost" label="Graph host" placeholder="graph.microsoft.com" />
        </div>
      </details>
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Adding…" : "Add Entra tenant"}
      </button>
      <Result state={state} />
    </form>
  );
}

/** Upload export files: into a given source, or into a new/named one. */
export function ImportForm({ sourceId, kind: fixedKind }: { sourceId?: string; kind?: "aws" | "entra" }) {
  const [state, action, pending] = useActionState(importFilesAction, INITIAL);
  const [kind, setKind] = useState<"aws" | "entra">(fixedKind ?? "aws");
  return (
    <form action={action} className="space-y-3" aria-label="Import files">
      {sourceId ? <input type="hidden" name="sourceId" value={sourceId} /> : null}
      <input type="hidden" name="kind" value={kind} />
      {fixedKind ? null : (
        <fieldset>
          <legend className="text-sm font-medium">Cloud</legend>
          <div className="mt-1 flex gap-4 text-sm">
            <label className="flex items-center gap-1">
              <input type="radio" name="kindChoice" checked={kind === "aws"} onChange={() => setKind("aws")} /> AWS
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="kindChoice" checked={kind === "entra"} onChange={() => setKind("entra")} />{" "}
              Entra
            </label>
          </div>
        </fieldset>
      )}
      {sourceId ? null : (
        <Field
          name="sourceName"
          label="Source name"
          hint="Optional; a new source is created when no source has this name."
        />
      )}
      {kind === "aws" ? (
        <>
          <label className={labelCls}>
            Account authorization details (JSON)
            <span className={hint}>Output of aws iam get-account-authorization-details, or the raw API response.</span>
            <input name="files" type="file" required accept=".json,application/json" className={input} />
          </label>
          <label className={labelCls}>
            Credential report (CSV, optional)
            <span className={hint}>aws iam get-credential-report — adds passwords, MFA and access-key use.</span>
            <input name="credentialReport" type="file" accept=".csv,text/csv" className={input} />
          </label>
        </>
      ) : (
        <label className={labelCls}>
          Microsoft Graph JSON files
          <span className={hint}>
            Graph v1.0 responses or Graph PowerShell output: users, groups, roles, CA policies, named locations… several
            at once.
          </span>
          <input name="files" type="file" required multiple accept=".json,application/json" className={input} />
        </label>
      )}
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Uploading…" : "Import"}
      </button>
      <Result state={state} />
    </form>
  );
}

export function SyncNowForm({ sourceId, canDelta }: { sourceId: string; canDelta: boolean }) {
  const [state, action, pending] = useActionState(syncNowAction, INITIAL);
  return (
    <form action={action} aria-label="Sync now">
      <input type="hidden" name="sourceId" value={sourceId} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={button}>
          {pending ? "Starting…" : "Sync now"}
        </button>
        {canDelta ? (
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="full" value="1" /> Full resync (ignore delta state)
          </label>
        ) : null}
      </div>
      <Result state={state} />
    </form>
  );
}
