import type { ControlStatus } from "@/lib/services/check-compliance";
import { Chip, type Tone } from "../../components/badges";

/** One look per status, each with a glyph and words (never colour alone); "not assessed" never looks like a pass. */
export const STATUS_STYLE: Record<ControlStatus, { tone: Tone; glyph: string; label: string }> = {
  pass: { tone: "ok", glyph: "✓", label: "pass" },
  fail: { tone: "danger", glyph: "✗", label: "fail" },
  notAssessed: { tone: "warn", glyph: "?", label: "not assessed" },
  manual: { tone: "info", glyph: "✎", label: "manual" },
};

export function StatusChip({ status, title }: { status: ControlStatus; title?: string }) {
  const s = STATUS_STYLE[status];
  return (
    <Chip tone={s.tone} title={title}>
      <span aria-hidden>{s.glyph}</span> {s.label}
    </Chip>
  );
}
