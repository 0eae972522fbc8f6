import { Construct } from "constructs";
import { Fn, type ITerraformDependable } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Ec2Tag } from "@cdktf/provider-aws/lib/ec2-tag";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import {
  interruptionQueuePolicy, KARPENTER_INTERRUPTION_RULES, karpenterControllerPolicies, karpenterEbsKmsStatement,
} from "./controller-policy";

/** Props of {@link KarpenterAwsResources}. */
export interface KarpenterAwsResourcesProps {
  readonly clusterName: string;
  /** The cluster's ARN: partition and account are read from it, so no data source calls AWS. */
  readonly clusterArn: string;
  /** The AWS region id. */
  readonly region: string;
  readonly oidcProviderArn: string;
  /** The cluster's OIDC issuer URL (`https://oidc.eks...`). */
  readonly oidcIssuerUrl: string;
  /** The EKS cluster security group, which Karpenter's nodes join (tagged for discovery). */
  readonly clusterSecurityGroupId: string;
  /** The region key that encrypts node volumes. */
  readonly kmsKeyArn: string;
  /** Physical name of the node role; EC2NodeClasses name it, so it is deterministic. */
  readonly nodeRoleName: string;
  /** Physical name of the controller role; the platform stack looks it up by name. */
  readonly controllerRoleName: string;
  /** Name of the interruption queue (the chart's `settings.interruptionQueue`). */
  readonly queueName: string;
  /** @default - kube-system/karpenter: the controller's service account */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
  /** @default 300 - seconds a message stays in the queue (upstream's value) */
  readonly messageRetentionSeconds?: number;
  /** The cluster resource: the access entry needs the cluster to exist. @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/** Tag key Karpenter's EC2NodeClasses select subnets and security groups by. */
export const KARPENTER_DISCOVERY_TAG = "karpenter.sh/discovery";

/**
 * What Karpenter needs from AWS, in the cluster layer, scoped as upstream's getting-started
 * template at v1.14.1 scopes it: a node role with an EKS access entry (EC2_LINUX), the
 * controller role (IRSA, one service account) with upstream's six policies plus use of the
 * region key for node volumes, an SSE-encrypted SQS interruption queue fed by upstream's
 * EventBridge rules, and the discovery tag on the cluster security group (the subnets get
 * theirs from the network).
 */
export class KarpenterAwsResources extends Construct {
  readonly nodeRole: IamRole;
  readonly controllerRole: IamRole;
  readonly queue: SqsQueue;

  constructor(scope: Construct, id: string, props: KarpenterAwsResourcesProps) {
    super(scope, id);
    const sa = props.serviceAccount ?? { namespace: "kube-system", name: "karpenter" };
    const retention = props.messageRetentionSeconds ?? 300;
    const arnPart = (i: number) => Fn.element(Fn.split(":", props.clusterArn), i);
    const partition = arnPart(1);
    const accountId = arnPart(4);

    this.nodeRole = new IamRole(this, "NodeRole", {
      name: props.nodeRoleName,
      description: `Nodes Karpenter launches for ${props.clusterName}`,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }],
      }),
    });
    for (const policy of ["AmazonEKS_CNI_Policy", "AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"]) {
      new IamRolePolicyAttachment(this, `Node${policy}`, { role: this.nodeRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` });
    }
    // Access entries, not the aws-auth ConfigMap: the cluster runs with authenticationMode API.
    new EksAccessEntry(this, "NodeAccessEntry", { clusterName: props.clusterName, principalArn: this.nodeRole.arn, type: "EC2_LINUX", dependsOn: props.dependsOn });

    this.queue = new SqsQueue(this, "InterruptionQueue", {
      name: props.queueName,
      messageRetentionSeconds: retention,
      sqsManagedSseEnabled: true,
    });
    new SqsQueuePolicy(this, "InterruptionQueuePolicy", { queueUrl: this.queue.url, policy: JSON.stringify(interruptionQueuePolicy(this.queue.arn)) });
    for (const [name, rule] of Object.entries(KARPENTER_INTERRUPTION_RULES)) {
      const r = new CloudwatchEventRule(this, name, {
        namePrefix: `${props.clusterName}-`.slice(0, 38),
        description: `${rule.detailType} -> Karpenter interruption queue of ${props.clusterName}`,
        eventPattern: JSON.stringify({ source: [rule.source], "detail-type": [rule.detailType] }),
      });
      new CloudwatchEventTarget(this, `${name}Target`, { rule: r.name, targetId: "KarpenterInterruptionQueueTarget", arn: this.queue.arn });
    }

    const issuer = Fn.replace(props.oidcIssuerUrl, "https://", "");
    this.controllerRole = new IamRole(this, "ControllerRole", {
      name: props.controllerRoleName,
      description: `Karpenter controller of ${props.clusterName} (${sa.namespace}/${sa.name})`,
      // Plain JSON with the issuer interpolated: HCL object keys cannot be expressions.
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Federated: props.oidcProviderArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`, [`${issuer}:aud`]: "sts.amazonaws.com" } },
        }],
      }),
    });
    const policyScope = { partition, region: props.region, accountId, clusterName: props.clusterName, nodeRoleArn: this.nodeRole.arn, queueArn: this.queue.arn };
    const documents = { ...karpenterControllerPolicies(policyScope), NodeVolumeKmsPolicy: [karpenterEbsKmsStatement(policyScope, props.kmsKeyArn)] };
    for (const [name, statements] of Object.entries(documents)) {
      const policy = new IamPolicy(this, name, {
        namePrefix: `karpenter-${name.replace(/Policy$/, "")}-`,
        description: `Karpenter controller of ${props.clusterName}: ${name}`,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      });
      new IamRolePolicyAttachment(this, `${name}Attachment`, { role: this.controllerRole.name, policyArn: policy.arn });
    }

    new Ec2Tag(this, "SecurityGroupDiscoveryTag", { resourceId: props.clusterSecurityGroupId, key: KARPENTER_DISCOVERY_TAG, value: props.clusterName });
  }
}
