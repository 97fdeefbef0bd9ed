"use client";

import { useEffect, useState } from "react";

type Theme = "light" | "dark";

/** Switches light/dark and remembers the choice; before any choice the system preference applies. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(document.documentElement.classList.contains("dark") ? "dark" : "light"), []);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="rounded border border-border px-2 py-1 text-xs hover:bg-surface-2"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        document.documentElement.classList.toggle("dark", next === "dark");
        localStorage.setItem("crosswalk-theme", next);
        setTheme(next);
      }}
    >
      {theme === null ? "Theme" : theme === "dark" ? "☾ Dark" : "☀ Light"}
    </button>
  );
}
