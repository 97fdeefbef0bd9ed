/** A day (UTC) with the full time on hover; null shows "none recorded" (activity is unknown or never happened). */
export function DateOnly({
  value,
  empty = "none recorded",
}: {
  value: Date | string | null | undefined;
  empty?: string;
}) {
  if (!value) return <span className="text-xs text-muted">{empty}</span>;
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return <span>{String(value)}</span>;
  return (
    <time
      dateTime={d.toISOString()}
      title={`${d.toISOString().slice(0, 16).replace("T", " ")} UTC`}
      className="tabular-nums"
    >
      {d.toISOString().slice(0, 10)}
    </time>
  );
}
