/**
 * The key policy of a region's customer-managed KMS key, as a pure function so tests and the
 * policy rule read the same document that is synthesized.
 *
 * - The account root administers the key: that is what lets IAM policies grant use of it (EKS
 *   cluster role for secrets, EBS CSI driver, S3 replication role, model readers), as in the
 *   default key policy.
 * - EC2 Auto Scaling's service-linked role uses the key and creates grants for EBS only
 *   (`kms:GrantIsForAWSResource`): service-linked roles get no access to customer managed keys
 *   from IAM, so managed node groups could not launch encrypted volumes without this
 *   (EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with encrypted volumes").
 * - CloudWatch Logs encrypts the named log groups only (`kms:EncryptionContext:aws:logs:arn`), as
 *   the CloudWatch Logs guide "Encrypt log data in CloudWatch Logs using AWS KMS" requires.
 */

/** What the key policy depends on. */
export interface RegionKeyPolicyInput {
  /** 12-digit account id. */
  readonly accountId: string;
  /** The AWS region (`us-east-1`): CloudWatch Logs' principal is regional. */
  readonly region: string;
  /** Log groups CloudWatch Logs may encrypt with the key (names, not ARNs). @default - none */
  readonly logGroupNames?: readonly string[];
}

/** The Auto Scaling service-linked role's ARN in an account (its name is fixed by AWS). */
export function autoScalingServiceLinkedRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

/** Actions the Auto Scaling role needs on the key to launch instances with encrypted volumes. */
export const AUTO_SCALING_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** The key policy document (an object; `JSON.stringify` it for `policy`). */
export function regionKeyPolicy(input: RegionKeyPolicyInput): Record<string, unknown> {
  const asg = autoScalingServiceLinkedRoleArn(input.accountId);
  const logGroups = (input.logGroupNames ?? []).map((n) => `arn:aws:logs:${input.region}:${input.accountId}:log-group:${n}`);
  const statements: Record<string, unknown>[] = [
    { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${input.accountId}:root` }, Action: "kms:*", Resource: "*" },
    { Sid: "AutoScalingUsesKey", Effect: "Allow", Principal: { AWS: asg }, Action: [...AUTO_SCALING_KEY_ACTIONS], Resource: "*" },
    {
      Sid: "AutoScalingGrantsForEbs",
      Effect: "Allow",
      Principal: { AWS: asg },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
  if (logGroups.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsEncrypts",
      Effect: "Allow",
      Principal: { Service: `logs.${input.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroups } },
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
