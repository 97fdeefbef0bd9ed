// The PDF uses the 14 standard fonts (Helvetica, Courier) built into every PDF reader: nothing to download or embed.
// They encode WinAnsi (Latin-1 plus a few typographic marks), so other characters are spelled out or transliterated.

const WIN_ANSI_EXTRA = new Set([
  0x192, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x20ac, 0x2030,
  0x2039, 0x203a, 0x2c6, 0x2122, 0x152, 0x153, 0x2dc, 0x160, 0x161, 0x178, 0x17d, 0x17e,
]);

const SPELLED: Record<string, string> = {
  "→": "->",
  "←": "<-",
  "↔": "<->",
  "⇄": "<->",
  "≠": "!=",
  "≥": ">=",
  "≤": "<=",
  "≈": "~",
  "✓": "yes",
  "✗": "no",
  "∞": "inf",
  "\t": "  ",
};

function encodable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || WIN_ANSI_EXTRA.has(code);
}

/** Text the standard PDF fonts can draw: unsupported characters transliterated (é stays, ő → o) or shown as "?". */
export function pdfText(s: string): string {
  let out = "";
  for (const ch of s.replace(/\r\n?/g, "\n")) {
    const code = ch.codePointAt(0)!;
    if (encodable(code)) out += ch;
    else if (SPELLED[ch] !== undefined) out += SPELLED[ch];
    else {
      const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += base && [...base].every((c) => encodable(c.codePointAt(0)!)) ? base : "?";
    }
  }
  return out;
}
