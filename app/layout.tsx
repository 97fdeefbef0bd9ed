import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: "Crosswalk", description: "AWS IAM and Entra ID side by side" };

// Sets the theme class before first paint: the saved choice, else the system preference. Inline, no remote asset.
const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("crosswalk-theme");var d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The per-request script nonce set by proxy.ts (reading it also renders every page per request, which nonces need).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant of this file, not input; it must run inline before first paint (a src= script would flash the wrong theme) */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans antialiased">{children}</body>
    </html>
  );
}
