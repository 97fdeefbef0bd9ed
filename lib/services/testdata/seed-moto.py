"""Seeds a moto_server IAM with a small account through boto3 (moto's own client side; never Crosswalk's SDK
client, which is read-only), then prints what moto itself lists, as JSON, for the test to compare against."""
import json
import sys

import boto3

iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
doc = lambda *st: json.dumps({"Version": "2012-10-17", "Statement": list(st)})

boundary = iam.create_policy(PolicyName="DevBoundary", Path="/bounds/", PolicyDocument=doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))["Policy"]["Arn"]
deploy = iam.create_policy(PolicyName="Deploy", PolicyDocument=doc({"Effect": "Allow", "Action": ["ecs:UpdateService"], "Resource": "*"}))["Policy"]["Arn"]
iam.create_policy_version(PolicyArn=deploy, SetAsDefault=True, PolicyDocument=doc(
    {"Effect": "Allow", "Action": ["ecs:UpdateService", "ecr:PutImage"], "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}))

iam.create_group(GroupName="developers")
iam.create_group(GroupName="auditors", Path="/audit/")
iam.put_group_policy(GroupName="developers", PolicyName="deny-iam", PolicyDocument=doc({"Effect": "Deny", "Action": "iam:*", "Resource": "*"}))
iam.attach_group_policy(GroupName="auditors", PolicyArn=deploy)

iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "email", "Value": "alice@example.com"}], PermissionsBoundary=boundary)
iam.create_user(UserName="bob")
iam.create_user(UserName="ci-bot")
iam.add_user_to_group(GroupName="developers", UserName="alice")
iam.add_user_to_group(GroupName="auditors", UserName="alice")
iam.add_user_to_group(GroupName="developers", UserName="bob")
iam.put_user_policy(UserName="bob", PolicyName="bob-s3", PolicyDocument=doc({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bob/*"}))
iam.attach_user_policy(UserName="ci-bot", PolicyArn=deploy)
iam.create_login_profile(UserName="alice", Password="Correct-Horse-9!")
iam.create_access_key(UserName="ci-bot")

iam.create_role(RoleName="web-ec2", AssumeRolePolicyDocument=doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}))
iam.create_instance_profile(InstanceProfileName="web-ec2")
iam.add_role_to_instance_profile(InstanceProfileName="web-ec2", RoleName="web-ec2")
iam.put_role_policy(RoleName="web-ec2", PolicyName="read-params", PolicyDocument=doc({"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}))
iam.create_role(RoleName="partner-audit", AssumeRolePolicyDocument=doc(
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}))
iam.attach_role_policy(RoleName="partner-audit", PolicyArn="arn:aws:iam::aws:policy/SecurityAudit")
iam.create_role(RoleName="open-role", AssumeRolePolicyDocument=doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}), PermissionsBoundary=boundary)
iam.create_account_alias(AccountAlias="moto-example")

def count(method, key, **kw):
    return sum(len(page[key]) for page in iam.get_paginator(method).paginate(**kw))

print(json.dumps({
    "users": count("list_users", "Users"),
    "groups": count("list_groups", "Groups"),
    "roles": count("list_roles", "Roles"),
    "customerPolicies": count("list_policies", "Policies", Scope="Local"),
    "awsPolicies": count("list_policies", "Policies", Scope="AWS"),
}))
