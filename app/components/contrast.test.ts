import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// WCAG 2.x contrast of the design tokens in app/globals.css, both themes: text pairs need 4.5:1 (AA).
const css = fs.readFileSync(path.join(import.meta.dirname, "../globals.css"), "utf8");

function tokens(selector: string): Record<string, string> {
  const block = css.slice(css.indexOf(`${selector} {`));
  const body = block.slice(0, block.indexOf("}"));
  return Object.fromEntries([...body.matchAll(/--c-([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

// [foreground, background] pairs the components use for text.
const PAIRS: [string, string][] = [
  ["fg", "bg"],
  ["fg", "surface"],
  ["fg", "surface-2"],
  ["muted", "bg"],
  ["muted", "surface"],
  ["muted", "surface-2"],
  ["link", "surface"],
  ["link", "bg"],
  ["bg", "fg"],
  ["aws", "aws-bg"],
  ["entra", "entra-bg"],
  ["danger", "danger-bg"],
  ["ok", "ok-bg"],
  ["warn", "warn-bg"],
  ["info", "info-bg"],
  ["nc", "nc-bg"],
  ["surface", "danger"],
  ["ok", "surface-2"],
  ["danger", "surface"],
  ["warn", "surface"],
];

describe.each([":root", ".dark"])("theme %s", (selector) => {
  const t = tokens(selector);
  it.each(PAIRS)("%s on %s meets AA (4.5:1)", (fg, bg) => {
    expect(t[fg], fg).toBeDefined();
    expect(t[bg], bg).toBeDefined();
    expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
  it("the focus ring is visible against the page (3:1)", () => {
    expect(contrast(t.focus!, t.bg!)).toBeGreaterThanOrEqual(3);
  });
});
