/** The left rail, in DESIGN.md's order. */
export const NAV = [
  { href: "/", label: "Overview" },
  { href: "/people", label: "People" },
  { href: "/accounts", label: "Accounts" },
  { href: "/access-models", label: "Access models" },
  { href: "/aws", label: "AWS" },
  { href: "/entra", label: "Entra" },
  { href: "/azure", label: "Azure" },
  { href: "/access-controls", label: "Access controls" },
  { href: "/translate", label: "Translate" },
  { href: "/findings", label: "Findings" },
  { href: "/compliance", label: "Compliance" },
  { href: "/drift", label: "Drift" },
  { href: "/reports", label: "Reports" },
  { href: "/sources", label: "Sources" },
] as const;
