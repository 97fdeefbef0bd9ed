import { requireUser } from "@/lib/auth/session";
import { InventoryView } from "../_inventory/inventory-view";

export const dynamic = "force-dynamic";

export default async function AwsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  return (
    <InventoryView
      provider="aws"
      path="/aws"
      searchParams={await searchParams}
      tabs={[
        { id: "aws-users", label: "Users" },
        { id: "aws-groups", label: "Groups" },
        { id: "aws-roles", label: "Roles" },
        { id: "aws-policies", label: "Policies" },
      ]}
    />
  );
}
