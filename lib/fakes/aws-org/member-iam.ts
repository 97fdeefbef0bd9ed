import type { GaadLists } from "../../providers/aws/gaad-schema";
import { generateAccount } from "../aws-iam/generate";
import type { FakeIamAccount, FakeSamlProvider } from "../aws-iam/server";
import awsManaged from "./data/aws-managed-policies.json";
import { hashedHex16, hashedUuid, iamUniqueId } from "./ids";
import type { IdcPermissionSet } from "./organization";

// The IAM of one account of a generated organisation, as Identity Center and an administrator leave it:
// - per permission set provisioned to the account, the role Identity Center creates: AWSReservedSSO_<Name>_<16 hex>
//   under /aws-reserved/sso.amazonaws.com/, trusting the account's AWSSSO_<hex>_DO_NOT_DELETE SAML provider for
//   sts:AssumeRoleWithSAML and sts:TagSession with SAML:aud https://signin.aws.amazon.com/saml, with the permission
//   set's AWS managed policies, customer managed policy references (resolved in the account), inline policy (named
//   AwsSSOInlinePolicy) and boundary; a permission set changed but not re-provisioned still has its old role;
// - the role the reader assumes (trusting the management account, with an external id when one is set), and
//   OrganizationAccountAccessRole in accounts the organisation created;
// - optionally per-account SAML federation to Entra: provider EntraID (issuer https://sts.windows.net/<tenant>/) and
//   roles EntraID-Admin / EntraID-ReadOnly trusting it;
// - a few IAM users with a credential report (from the IAM account generator).
// Sources: IAM Identity Center user guide, "Referencing permission sets in resource policies…" (role name and path)
// and "Service-linked roles"/"SAML 2.0 federation" (trust); Organizations user guide, "Accessing member accounts"
// (OrganizationAccountAccessRole).

export interface MemberIamPlan {
  seed: number;
  accountId: string;
  accountName: string;
  managementAccountId: string;
  /** Created by the organisation (it then has OrganizationAccountAccessRole). */
  createdByOrganization: boolean;
  instanceId: string;
  entraTenantId: string;
  /** The reader's role; null = missing (AssumeRole is denied). */
  memberRole: { name: string; externalId?: string } | null;
  saml: boolean;
  iamUsers: number;
  provisioned: { set: IdcPermissionSet; outdated: boolean }[];
}

type Role = GaadLists["RoleDetailList"][number];
type Policy = GaadLists["Policies"][number];
type PolicyDoc = { Version: string; Statement: Record<string, unknown>[] };

const AWS_MANAGED = awsManaged as Record<
  string,
  { arn: string; versionId: string; created: string; updated: string; document: unknown }
>;
const SAML_AUD = { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } };
const CUSTOMER_DOCS: Record<string, (team: string) => PolicyDoc> = {
  baseline: (team) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TeamTagged",
        Effect: "Allow",
        Action: ["ec2:*", "s3:*"],
        Resource: "*",
        Condition: { StringEquals: { "aws:ResourceTag/team": team } },
      },
      { Sid: "Logs", Effect: "Allow", Action: ["logs:Get*", "logs:Describe*", "logs:FilterLogEvents"], Resource: "*" },
    ],
  }),
  boundary: () => ({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" },
      {
        Sid: "NoIdentityAdmin",
        Effect: "Deny",
        Action: ["iam:*", "organizations:*", "account:*", "sso:*"],
        Resource: "*",
      },
    ],
  }),
};

/** SAML 2.0 IdP metadata with the entityID (the issuer) and the sign-in URL. */
export function samlMetadata(entityId: string, ssoUrl: string, seed: string): string {
  const cert = Buffer.from(`fake-signing-certificate:${seed}`).toString("base64");
  return (
    `<?xml version="1.0" encoding="UTF-8"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">` +
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><KeyDescriptor use="signing">` +
    `<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${cert}</X509Certificate></X509Data></KeyInfo>` +
    `</KeyDescriptor><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${ssoUrl}"/>` +
    "</IDPSSODescriptor></EntityDescriptor>"
  );
}

export function memberIam(plan: MemberIamPlan): FakeIamAccount {
  const acct = plan.accountId;
  const base = generateAccount({
    users: plan.iamUsers,
    roles: 0,
    policies: 0,
    groups: 1,
    accountId: acct,
    seed: plan.seed + Number(acct.slice(-6)),
  });
  const created = "2021-03-01T10:00:00Z";
  const roles: Role[] = [];
  const customer = new Map<string, Policy>();
  const attachments = new Map<string, number>();
  const boundaryUses = new Map<string, number>();
  const attach = (arn: string) => {
    attachments.set(arn, (attachments.get(arn) ?? 0) + 1);
    return { PolicyName: arn.split("/").pop()!, PolicyArn: arn };
  };
  const customerPolicy = (name: string, path: string) => {
    const arn = `arn:aws:iam::${acct}:policy${path}${name}`;
    if (!customer.has(arn)) {
      const doc = name.endsWith("-baseline")
        ? CUSTOMER_DOCS.baseline!(name.replace(/-baseline$/, ""))
        : CUSTOMER_DOCS.boundary!("");
      customer.set(arn, {
        PolicyName: name,
        PolicyId: iamUniqueId("ANPA", acct, arn),
        Arn: arn,
        Path: path,
        DefaultVersionId: "v1",
        AttachmentCount: 0,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: created,
        UpdateDate: created,
        PolicyVersionList: [{ Document: doc, VersionId: "v1", IsDefaultVersion: true, CreateDate: created }],
      });
    }
    return customer.get(arn)!;
  };
  const role = (path: string, name: string, trust: unknown, extra: Partial<Role> = {}): Role => {
    const r: Role = {
      Path: path,
      RoleName: name,
      RoleId: iamUniqueId("AROA", acct, name),
      Arn: `arn:aws:iam::${acct}:role${path}${name}`,
      CreateDate: created,
      AssumeRolePolicyDocument: trust as Role["AssumeRolePolicyDocument"],
      InstanceProfileList: [],
      RolePolicyList: [],
      AttachedManagedPolicies: [],
      Tags: [],
      RoleLastUsed: {},
      ...extra,
    };
    roles.push(r);
    return r;
  };

  // Identity Center: its SAML provider and one role per provisioned permission set.
  const ssoProviderArn = `arn:aws:iam::${acct}:saml-provider/AWSSSO_${hashedHex16(plan.instanceId)}_DO_NOT_DELETE`;
  const samlProviders: FakeSamlProvider[] = [
    {
      Arn: ssoProviderArn,
      SAMLProviderUUID: hashedUuid("saml", acct, "sso"),
      SAMLMetadataDocument: samlMetadata(
        `https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${Buffer.from(`${plan.managementAccountId}_${plan.instanceId}`).toString("base64")}`,
        `https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${Buffer.from(`${plan.managementAccountId}_${plan.instanceId}`).toString("base64")}`,
        plan.instanceId,
      ),
      CreateDate: created,
      ValidUntil: "2121-03-01T10:00:00Z",
    },
  ];
  for (const { set: ps, outdated } of plan.provisioned) {
    const managed = outdated ? ps.managedPolicies.slice(0, -1) : ps.managedPolicies;
    const inline = outdated && ps.managedPolicies.length === 0 ? undefined : ps.inlinePolicy;
    const b = ps.boundary;
    const boundaryArn =
      b?.ManagedPolicyArn ??
      (b?.CustomerManagedPolicyReference
        ? customerPolicy(b.CustomerManagedPolicyReference.Name, b.CustomerManagedPolicyReference.Path).Arn
        : undefined);
    if (boundaryArn) boundaryUses.set(boundaryArn, (boundaryUses.get(boundaryArn) ?? 0) + 1);
    role(
      "/aws-reserved/sso.amazonaws.com/",
      `AWSReservedSSO_${ps.Name}_${hashedHex16(ps.PermissionSetArn, acct)}`,
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: ssoProviderArn },
            Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
            Condition: SAML_AUD,
          },
        ],
      },
      {
        RolePolicyList: inline ? [{ PolicyName: "AwsSSOInlinePolicy", PolicyDocument: JSON.parse(inline) }] : [],
        AttachedManagedPolicies: [
          ...managed.map((m) => attach(m.Arn)),
          ...ps.customerManagedPolicies.map((c) => attach(customerPolicy(c.Name, c.Path).Arn)),
        ],
        ...(boundaryArn
          ? {
              PermissionsBoundary: {
                PermissionsBoundaryType: "PermissionsBoundaryPolicy",
                PermissionsBoundaryArn: boundaryArn,
              },
            }
          : {}),
      },
    );
  }

  // The roles the management account reaches this account through.
  const trustManagement = (externalId?: string) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${plan.managementAccountId}:root` },
        Action: "sts:AssumeRole",
        ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
      },
    ],
  });
  if (plan.memberRole)
    role("/", plan.memberRole.name, trustManagement(plan.memberRole.externalId), {
      AttachedManagedPolicies: [attach(AWS_MANAGED.SecurityAudit!.arn)],
    });
  if (plan.createdByOrganization)
    role("/", "OrganizationAccountAccessRole", trustManagement(), {
      AttachedManagedPolicies: [attach(AWS_MANAGED.AdministratorAccess!.arn)],
    });

  // Per-account SAML federation to Entra.
  if (plan.saml) {
    const providerArn = `arn:aws:iam::${acct}:saml-provider/EntraID`;
    samlProviders.push({
      Arn: providerArn,
      SAMLProviderUUID: hashedUuid("saml", acct, "entra"),
      SAMLMetadataDocument: samlMetadata(
        `https://sts.windows.net/${plan.entraTenantId}/`,
        `https://login.microsoftonline.com/${plan.entraTenantId}/saml2`,
        acct,
      ),
      CreateDate: created,
      ValidUntil: "2030-03-01T10:00:00Z",
    });
    for (const [name, policy] of [
      ["Admin", "AdministratorAccess"],
      ["ReadOnly", "ReadOnlyAccess"],
    ] as const) {
      role(
        "/",
        `EntraID-${name}`,
        {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Federated: providerArn },
              Action: "sts:AssumeRoleWithSAML",
              Condition: SAML_AUD,
            },
          ],
        },
        { AttachedManagedPolicies: [attach(AWS_MANAGED[policy]!.arn)] },
      );
    }
  }

  for (const p of customer.values()) {
    p.AttachmentCount = attachments.get(p.Arn) ?? 0;
    p.PermissionsBoundaryUsageCount = boundaryUses.get(p.Arn) ?? 0;
  }
  // GAAD lists the AWS managed policies in use in the account (attached or as a boundary).
  const awsPolicies: Policy[] = Object.entries(AWS_MANAGED)
    .filter(([, p]) => attachments.has(p.arn) || boundaryUses.has(p.arn))
    .map(([name, p]) => ({
      PolicyName: name.split("/").pop()!,
      PolicyId: iamUniqueId("ANPA", "aws", p.arn),
      Arn: p.arn,
      Path: `/${name.includes("/") ? `${name.split("/")[0]}/` : ""}`,
      DefaultVersionId: p.versionId,
      AttachmentCount: attachments.get(p.arn) ?? 0,
      PermissionsBoundaryUsageCount: boundaryUses.get(p.arn) ?? 0,
      IsAttachable: true,
      CreateDate: p.created,
      UpdateDate: p.updated,
      PolicyVersionList: [
        { Document: p.document as PolicyDoc, VersionId: p.versionId, IsDefaultVersion: true, CreateDate: p.updated },
      ],
    }));
  return {
    accountId: acct,
    alias: plan.accountName,
    gaad: {
      UserDetailList: base.gaad.UserDetailList,
      GroupDetailList: base.gaad.GroupDetailList,
      RoleDetailList: roles,
      Policies: [...customer.values(), ...awsPolicies],
    },
    credentialReport: base.credentialReport,
    samlProviders,
  };
}
