import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { InventoryView } from "../_inventory/inventory-view";

export const dynamic = "force-dynamic";

/** Access controls across tenants: conditional-access policies and the named locations they use. */
export default async function AccessControlsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  return (
    <>
      <p className="mb-2 text-right text-sm">
        <Link href="/access-controls/coverage" className="link">
          Coverage matrix: people × policies, MFA / legacy auth / location per admin →
        </Link>
      </p>
      <InventoryView
        provider="entra"
        path="/access-controls"
        title="Access controls"
        searchParams={await searchParams}
        tabs={[
          { id: "entra-ca", label: "Conditional access" },
          { id: "entra-locations", label: "Named locations" },
        ]}
      />
    </>
  );
}
