#!/usr/bin/env bash
# Writes an organisation export in the layout `crosswalk import aws <folder>` reads, with the real aws CLI (every
# file is exactly what `aws … --output json` prints), against any endpoint: the local fake organisation
# (npx tsx lib/fakes/aws-org/main.ts …), moto_server, or AWS itself (drop --endpoint-url).
#   usage: write-cli-export.sh <endpoint-url|-> <out-folder>
set -euo pipefail
EP="$1"; OUT="$2"
ARGS=(--output json --region "${AWS_REGION:-us-east-1}")
[ "$EP" != "-" ] && ARGS+=(--endpoint-url "$EP")
a() { aws "${ARGS[@]}" "$@"; }
mkdir -p "$OUT/ous" "$OUT/accounts" "$OUT/policies" "$OUT/sso/memberships" "$OUT/sso/permission-sets" "$OUT/sso/assignments"
a organizations describe-organization > "$OUT/organization.json"
a organizations list-roots > "$OUT/roots.json"
a organizations list-delegated-administrators > "$OUT/delegated-administrators.json" || rm -f "$OUT/delegated-administrators.json"
queue=$(jq -r '.Roots[].Id' "$OUT/roots.json")
while [ -n "$queue" ]; do
  p=$(echo "$queue" | head -1); queue=$(echo "$queue" | tail -n +2)
  a organizations list-organizational-units-for-parent --parent-id "$p" > "$OUT/ous/$p.json"
  a organizations list-accounts-for-parent --parent-id "$p" > "$OUT/accounts/$p.json"
  queue=$(printf '%s\n%s' "$queue" "$(jq -r '.OrganizationalUnits[].Id' "$OUT/ous/$p.json")" | sed '/^$/d')
done
for t in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
  for id in $(a organizations list-policies --filter "$t" | jq -r '.Policies[].Id'); do
    mkdir -p "$OUT/policies/$id"
    a organizations describe-policy --policy-id "$id" > "$OUT/policies/$id.json"
    a organizations list-targets-for-policy --policy-id "$id" > "$OUT/policies/$id/targets.json"
  done
done
a sso-admin list-instances > "$OUT/sso/instances.json"
INST=$(jq -r '.Instances[0].InstanceArn' "$OUT/sso/instances.json")
IDS=$(jq -r '.Instances[0].IdentityStoreId' "$OUT/sso/instances.json")
a identitystore list-users --identity-store-id "$IDS" > "$OUT/sso/users.json"
a identitystore list-groups --identity-store-id "$IDS" > "$OUT/sso/groups.json"
for g in $(jq -r '.Groups[].GroupId' "$OUT/sso/groups.json"); do
  a identitystore list-group-memberships --identity-store-id "$IDS" --group-id "$g" > "$OUT/sso/memberships/$g.json"
done
for ps in $(a sso-admin list-permission-sets --instance-arn "$INST" | jq -r '.PermissionSets[]'); do
  id="${ps##*/}"; d="$OUT/sso/permission-sets/$id"; mkdir -p "$d"
  q=(--instance-arn "$INST" --permission-set-arn "$ps")
  a sso-admin describe-permission-set "${q[@]}" > "$OUT/sso/permission-sets/$id.json"
  a sso-admin list-managed-policies-in-permission-set "${q[@]}" > "$d/managed-policies.json"
  a sso-admin list-customer-managed-policy-references-in-permission-set "${q[@]}" > "$d/customer-managed.json"
  a sso-admin get-inline-policy-for-permission-set "${q[@]}" > "$d/inline-policy.json"
  a sso-admin get-permissions-boundary-for-permission-set "${q[@]}" > "$d/permissions-boundary.json" 2>/dev/null || rm -f "$d/permissions-boundary.json"
  a sso-admin list-accounts-for-provisioned-permission-set "${q[@]}" > "$d/provisioned.json"
  a sso-admin list-accounts-for-provisioned-permission-set "${q[@]}" --provisioning-status LATEST_PERMISSION_SET_NOT_PROVISIONED > "$d/outdated.json"
  for acct in $(jq -r '.AccountIds[]' "$d/provisioned.json"); do
    a sso-admin list-account-assignments "${q[@]}" --account-id "$acct" > "$OUT/sso/assignments/$acct-$id.json"
  done
done
