"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV } from "./nav";

/** Rail links; the current section is marked with aria-current and a bar, not colour alone. */
export function NavLinks() {
  const path = usePathname();
  return (
    <ul className="flex flex-wrap gap-0.5 md:block md:space-y-0.5">
      {NAV.map((item) => {
        const current = item.href === "/" ? path === "/" : path === item.href || path.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={`block rounded border-l-4 px-2 py-1.5 text-sm md:px-3 md:py-2 ${
                current ? "border-fg bg-surface-2 font-semibold" : "border-transparent hover:bg-surface-2"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
