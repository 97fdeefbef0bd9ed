"use client";

import { useActionState } from "react";
import type { FormState } from "../signin/actions";

const input = "mt-1 block w-full rounded border border-border bg-surface px-3 py-2 text-fg placeholder:text-muted";

/** User name + password (+ confirmation) form bound to a server action; shows the action's error. */
export function CredentialsForm(props: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  submitLabel: string;
  confirm?: boolean;
  /** The one-time set-up code field (first run). */
  setupCode?: boolean;
  next?: string;
  defaultUsername?: string;
  passwordAutoComplete: "current-password" | "new-password";
}) {
  const [state, formAction, pending] = useActionState(props.action, { error: null });
  return (
    <form action={formAction} className="space-y-4">
      {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
      {props.setupCode ? (
        <label className="block text-sm font-medium">
          Set-up code
          <input
            name="setupCode"
            required
            autoComplete="one-time-code"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            className={`${input} font-mono`}
          />
        </label>
      ) : null}
      <label className="block text-sm font-medium">
        User name
        <input
          name="username"
          required
          autoComplete="username"
          defaultValue={props.defaultUsername}
          className={input}
        />
      </label>
      <label className="block text-sm font-medium">
        Password
        <input name="password" type="password" required autoComplete={props.passwordAutoComplete} className={input} />
      </label>
      {props.confirm ? (
        <label className="block text-sm font-medium">
          Repeat password
          <input name="confirm" type="password" required autoComplete="new-password" className={input} />
        </label>
      ) : null}
      {state.error ? (
        <p role="alert" className="rounded border border-danger bg-danger-bg px-3 py-2 text-sm text-danger">
          {state.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-fg px-4 py-2 font-medium text-bg hover:opacity-90 disabled:opacity-60"
      >
        {pending ? "Please wait…" : props.submitLabel}
      </button>
    </form>
  );
}
