import { describe, expect, it } from "vitest";
import { managedDocuments, TIER_LABELS } from "./tier-accuracy";

// The label set itself: every row is well formed (the zod schema runs at import) and names something that exists.
describe("tier labels (lib/analysis/eval/tier-labels.json)", () => {
  it("has the document of every AWS managed policy it names (testdata/managed-policies.json)", () => {
    const docs = managedDocuments();
    const missing = TIER_LABELS.filter((l) => l.policy && !docs.get(l.policy)).map((l) => l.id);
    expect(missing).toEqual([]);
  });
  it("has unique ids and cites a source on every row", () => {
    const ids = TIER_LABELS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(TIER_LABELS.filter((l) => l.source.length === 0)).toEqual([]);
  });
});
