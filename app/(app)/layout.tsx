import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { Shell } from "../components/shell";

export const dynamic = "force-dynamic";

/** Every page under (app) is signed-in only: the check runs here, on the server, for every request. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <Shell username={user.username} role={user.role}>
      {children}
    </Shell>
  );
}
