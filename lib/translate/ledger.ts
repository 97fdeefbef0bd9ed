/**
 * Bookkeeping every translator shares: what carried over exactly, what was approximated, what was dropped (and
 * why), the explanation lines, and a confidence computed from them — so no translator invents its own number.
 */
import type { Dropped } from "./types";

/** How much an approximated part counts towards confidence (exact = 1, dropped = 0). */
export const APPROXIMATION_CREDIT = 0.6;

export class Ledger {
  private earned = 0;
  private total = 0;
  readonly dropped: Dropped[] = [];
  readonly explanation: string[] = [];

  /** A part carried over exactly. */
  mapped(weight: number, line: string): void {
    this.earned += weight;
    this.total += weight;
    this.explanation.push(line);
  }

  /** A part carried over with a stated difference in meaning. */
  approximated(weight: number, line: string, part: string, reason: string): void {
    this.earned += weight * APPROXIMATION_CREDIT;
    this.total += weight;
    this.explanation.push(line);
    this.dropped.push({ part, reason: `approximated: ${reason}` });
  }

  /** A part partly carried over: `fraction` (0..1) of its weight earned. */
  partial(weight: number, fraction: number, line: string): void {
    this.earned += weight * Math.max(0, Math.min(1, fraction));
    this.total += weight;
    this.explanation.push(line);
  }

  /** A part that does not carry over. */
  drop(weight: number, part: string, reason: string): void {
    this.total += weight;
    this.dropped.push({ part, reason });
  }

  /** An explanation line that does not change confidence (semantics notes). */
  note(line: string): void {
    this.explanation.push(line);
  }

  /** Earned ÷ total, two decimals; 0 when nothing was weighed. */
  confidence(): number {
    if (this.total === 0) return 0;
    return Math.round((this.earned / this.total) * 100) / 100;
  }
}

/** A short human label for statement i (1-based) with its Sid. */
export function statementLabel(i: number, sid: string | undefined): string {
  return sid ? `Statement ${i + 1} (Sid "${sid}")` : `Statement ${i + 1}`;
}

/** "a, b, c and 7 more" for explanation lines. */
export function listShort(items: string[], max = 4): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
