/**
 * Fixed facts about the fictional company "Northwind Robotics": names, domains, account ids, the reference instant the
 * sample is dated at. Everything here is made up; documentation IP ranges (RFC 5737 / RFC 3849) are used for networks.
 */
export const COMPANY = "Northwind Robotics";
/** Mail and UPN domain of employees. `.example` is reserved (RFC 2606), so no real mailbox is ever named. */
export const DOMAIN = "northwind.example";
/** The tenant's initial domain, used by cloud-only accounts (break-glass, admin accounts, guests' UPNs). */
export const TENANT_DOMAIN = "northwindrobotics.onmicrosoft.com";
export const TENANT_ID = "5f3c9a1e-7d2b-4c8e-9a60-2b7e4d1f0c93";
/** The production AWS account the IAM export describes. */
export const AWS_ACCOUNT = "418273645091";
/** Northwind's security-tooling account (same organisation, another account). */
export const AWS_SECURITY_ACCOUNT = "739201845612";
/** The AWS Organizations management account. */
export const AWS_MANAGEMENT_ACCOUNT = "310987654321";
/** A monitoring vendor's account (outside the organisation). */
export const AWS_VENDOR_ACCOUNT = "902113447685";
export const AWS_ORG_ID = "o-n7w4r0b1x2";
/** The instant the exports are dated at (credential report generation, "last sign-in" ages are relative to it). */
export const SAMPLE_NOW = new Date("2026-11-20T09:00:00Z");
export const SEED = 20261120;

/** Partner organisations whose people are guests in the tenant. */
export const PARTNERS = {
  apex: { domain: "apex-integrators.example", name: "Apex Integrators" },
  cloudwise: { domain: "cloudwise-partners.example", name: "CloudWise Partners" },
  ledger: { domain: "ledger-audit.example", name: "Ledger & Co Audit" },
  motion: { domain: "motionparts.example", name: "MotionParts GmbH" },
} as const;

export const DAY = 86_400_000;

/** `SAMPLE_NOW` minus a number of days. */
export function daysAgo(days: number): Date {
  return new Date(SAMPLE_NOW.getTime() - days * DAY);
}

/** ASCII, lower-case mail local part of a name: "Zoë" → "zoe", "O'Brien" → "obrien", "García-López" → "garcialopez". */
export function mailPart(s: string): string {
  return s
    .replace(/ß/g, "ss")
    .replace(/[øØ]/g, "o")
    .replace(/[łŁ]/g, "l")
    .replace(/[æÆ]/g, "ae")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}
