/**
 * The Karpenter controller's IAM policies, statement for statement as upstream scopes them
 * in its getting-started CloudFormation template at v1.14.1
 * (website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml:
 * NodeLifecyclePolicy, IAMIntegrationPolicy, EKSIntegrationPolicy, InterruptionPolicy,
 * ZonalShiftPolicy, ResourceDiscoveryPolicy). A test renders that template's
 * `PolicyDocument`s with the same values and compares. Pure: no I/O, no constructs.
 */

/** What the policies are scoped to; values may be Terraform tokens. */
export interface KarpenterPolicyScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly clusterName: string;
  readonly nodeRoleArn: string;
  readonly queueArn: string;
}

/** An IAM policy statement. */
export type PolicyStatement = Record<string, unknown>;

/** The six upstream policies by their CloudFormation logical name. */
export function karpenterControllerPolicies(s: KarpenterPolicyScope): Record<string, PolicyStatement[]> {
  const { partition: p, region: r, accountId: a, clusterName: c } = s;
  const ec2 = (type: string) => `arn:${p}:ec2:${r}:*:${type}/*`;
  const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${c}`]: "owned" };
  const taggedResources = ["fleet", "instance", "volume", "network-interface", "launch-template", "spot-instances-request"].map(ec2);
  const instanceProfile = `arn:${p}:iam::${a}:instance-profile/*`;
  const clusterArn = `arn:${p}:eks:${r}:${a}:cluster/${c}`;
  return {
    NodeLifecyclePolicy: [
      {
        Sid: "AllowScopedEC2InstanceAccessActions",
        Effect: "Allow",
        Resource: [`arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`, ec2("security-group"), ec2("subnet"), ec2("capacity-reservation"), ec2("placement-group")],
        Action: ["ec2:RunInstances", "ec2:CreateFleet"],
      },
      {
        Sid: "AllowScopedEC2LaunchTemplateAccessActions",
        Effect: "Allow",
        Resource: ec2("launch-template"),
        Action: ["ec2:RunInstances", "ec2:CreateFleet"],
        Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
      },
      {
        Sid: "AllowScopedEC2InstanceActionsWithTags",
        Effect: "Allow",
        Resource: taggedResources,
        Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
        Condition: {
          StringEquals: { [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": c },
          StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedResourceCreationTagging",
        Effect: "Allow",
        Resource: taggedResources,
        Action: "ec2:CreateTags",
        Condition: {
          StringEquals: {
            [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned",
            "aws:RequestTag/eks:eks-cluster-name": c,
            "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
          },
          StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
        },
      },
      {
        Sid: "AllowScopedResourceTagging",
        Effect: "Allow",
        Resource: ec2("instance"),
        Action: "ec2:CreateTags",
        Condition: {
          StringEquals: owned,
          StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
          StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": c },
          "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
        },
      },
      {
        Sid: "AllowScopedDeletion",
        Effect: "Allow",
        Resource: [ec2("instance"), ec2("launch-template")],
        Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
        Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
      },
    ],
    IAMIntegrationPolicy: [
      {
        Sid: "AllowPassingInstanceRole",
        Effect: "Allow",
        Resource: s.nodeRoleArn,
        Action: "iam:PassRole",
        Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
      },
      {
        Sid: "AllowScopedInstanceProfileCreationActions",
        Effect: "Allow",
        Resource: instanceProfile,
        Action: ["iam:CreateInstanceProfile"],
        Condition: {
          StringEquals: {
            [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned",
            "aws:RequestTag/eks:eks-cluster-name": c,
            "aws:RequestTag/topology.kubernetes.io/region": r,
          },
          StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        },
      },
      {
        Sid: "AllowScopedInstanceProfileTagActions",
        Effect: "Allow",
        Resource: instanceProfile,
        Action: ["iam:TagInstanceProfile"],
        Condition: {
          StringEquals: {
            ...owned,
            "aws:ResourceTag/topology.kubernetes.io/region": r,
            [`aws:RequestTag/kubernetes.io/cluster/${c}`]: "owned",
            "aws:RequestTag/eks:eks-cluster-name": c,
            "aws:RequestTag/topology.kubernetes.io/region": r,
          },
          StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        },
      },
      {
        Sid: "AllowScopedInstanceProfileActions",
        Effect: "Allow",
        Resource: instanceProfile,
        Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
        Condition: {
          StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": r },
          StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
        },
      },
    ],
    EKSIntegrationPolicy: [
      { Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: "eks:DescribeCluster" },
    ],
    InterruptionPolicy: [
      { Sid: "AllowInterruptionQueueActions", Effect: "Allow", Resource: s.queueArn, Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"] },
    ],
    ZonalShiftPolicy: [
      {
        Sid: "AllowZonalShiftStatusReadOnly",
        Effect: "Allow",
        Resource: "*",
        Action: ["arc-zonal-shift:GetManagedResource"],
        Condition: { StringEquals: { "arc-zonal-shift:ResourceIdentifier": clusterArn } },
      },
    ],
    ResourceDiscoveryPolicy: [
      {
        Sid: "AllowRegionalReadActions",
        Effect: "Allow",
        Resource: "*",
        Action: [
          "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
          "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribePlacementGroups",
          "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets",
        ],
        Condition: { StringEquals: { "aws:RequestedRegion": r } },
      },
      { Sid: "AllowSSMReadActions", Effect: "Allow", Resource: `arn:${p}:ssm:${r}::parameter/aws/service/*`, Action: "ssm:GetParameter" },
      { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
      { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
      { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfile, Action: "iam:GetInstanceProfile" },
    ],
  };
}

/**
 * Beyond upstream's template: the node volumes are encrypted with the region's
 * customer-managed key, and EC2 checks the launching principal (the controller) may use
 * it, or the node terminates right after launch (Karpenter troubleshooting at v1.14.1,
 * "Node terminates before ready on failed encrypted EBS volume"). Only through EC2 in
 * this region, only this key.
 */
export function karpenterEbsKmsStatement(s: Pick<KarpenterPolicyScope, "region">, kmsKeyArn: string): PolicyStatement {
  return {
    Sid: "AllowNodeVolumeEncryptionThroughEC2",
    Effect: "Allow",
    Resource: kmsKeyArn,
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
    Condition: { StringEquals: { "kms:ViaService": `ec2.${s.region}.amazonaws.com` } },
  };
}

/** The EventBridge rules upstream routes to the interruption queue, by logical name. */
export const KARPENTER_INTERRUPTION_RULES: Readonly<Record<string, { source: string; detailType: string }>> = {
  ScheduledChangeRule: { source: "aws.health", detailType: "AWS Health Event" },
  SpotInterruptionRule: { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
  RebalanceRule: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
  InstanceStateChangeRule: { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
  CapacityReservationInterruptionRule: { source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
};

/** The interruption queue's policy: EventBridge (and SQS) may send; nothing over plain HTTP. */
export function interruptionQueuePolicy(queueArn: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Id: "EC2InterruptionPolicy",
    Statement: [
      { Effect: "Allow", Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] }, Action: "sqs:SendMessage", Resource: queueArn },
      { Sid: "DenyHTTP", Effect: "Deny", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": false } }, Principal: "*" },
    ],
  };
}
