import { requireUser } from "@/lib/auth/session";
import { InventoryView } from "../_inventory/inventory-view";

export const dynamic = "force-dynamic";

export default async function EntraPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  return (
    <InventoryView
      provider="entra"
      path="/entra"
      searchParams={await searchParams}
      tabs={[
        { id: "entra-users", label: "Users" },
        { id: "entra-groups", label: "Groups" },
        { id: "entra-roles", label: "Directory roles" },
        { id: "entra-apps", label: "Service principals" },
        { id: "entra-ca", label: "Conditional access" },
        { id: "entra-locations", label: "Named locations" },
      ]}
    />
  );
}
