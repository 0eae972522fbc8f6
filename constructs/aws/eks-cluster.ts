import { Construct } from "constructs";
import { Fn, Token, type ITerraformDependable } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as EksClusterResource } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { EksAddonName } from "../../catalog/kubernetes-versions";
import type { CloudCluster } from "../contracts";
import { EksLaunchTemplate } from "./eks-launch-template";

/** Props of {@link EksCluster}. */
export interface EksClusterProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** Private subnets for the control-plane ENIs and the nodes. */
  readonly subnetIds: string[];
  /** KMS key for secrets envelope encryption, node volumes, persistent volumes and the control-plane log group. */
  readonly kmsKeyArn: string;
  /**
   * CIDRs allowed to reach the public API endpoint.
   * @default - none: the endpoint is private to the VPC
   */
  readonly endpointAllowedCidrs?: readonly string[];
  /** IAM principals granted cluster-admin through access entries. @default - none beyond the creator */
  readonly clusterAdminArns?: readonly string[];
  readonly systemPool: { readonly instanceType: string; readonly minNodes: number; readonly maxNodes: number; readonly diskSizeGiB: number };
  /**
   * Pinned EKS add-on versions for the cluster's Kubernetes version: vpc-cni, kube-proxy,
   * coredns and aws-ebs-csi-driver are all required, so they move with the control plane.
   */
  readonly addonVersions: Readonly<Record<EksAddonName, string>>;
  /** @default 90 - days the control-plane logs are kept */
  readonly logRetentionDays?: number;
}

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Where EKS writes control-plane logs: a fixed name, so the key policy can name the group before it exists. */
export function controlPlaneLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}
const MANAGED_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** Construct ids of the add-ons (ids are a contract: renaming one replaces the add-on). */
const ADDON_IDS = { "vpc-cni": "VpcCni", "kube-proxy": "KubeProxy", coredns: "CoreDns" } as const;

function assumeRole(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

/**
 * An EKS cluster with the settings a security review asks for: private (or CIDR-restricted)
 * API endpoint, KMS envelope encryption of secrets, every control-plane log type, an OIDC
 * provider for IRSA, access entries instead of the aws-auth ConfigMap, and a system node
 * group on a hardened launch template. GPU capacity is Karpenter's (constructs/karpenter/):
 * the cluster layer creates its IAM and queue, the platform layer its NodePools.
 */
export class EksCluster extends Construct implements CloudCluster {
  readonly clusterName: string;
  readonly cluster: EksClusterResource;
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly nodeRole: IamRole;
  readonly systemNodeGroup: EksNodeGroup;
  private readonly props: EksClusterProps;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    const allowed = props.endpointAllowedCidrs ?? [];
    const logRetentionDays = props.logRetentionDays ?? 90;

    const clusterRole = new IamRole(this, "ClusterRole", { namePrefix: "eks-cluster-", assumeRolePolicy: assumeRole("eks.amazonaws.com") });
    const clusterPolicy = new IamRolePolicyAttachment(this, "ClusterPolicy", { role: clusterRole.name, policyArn: MANAGED_POLICY("AmazonEKSClusterPolicy") });
    // Secrets envelope encryption: the cluster role uses the key through IAM (the key policy
    // lets the account's IAM grant it), with the actions terraform-aws-eks grants its cluster role.
    const clusterEncryption = new IamRolePolicy(this, "ClusterEncryption", {
      role: clusterRole.name,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: props.kmsKeyArn }],
      }),
    });
    // Created here so retention and encryption are ours; EKS would otherwise create it
    // unencrypted with no expiry (CKV_AWS_158). The region key's policy admits this group.
    const logGroup = new CloudwatchLogGroup(this, "ControlPlaneLogs", {
      name: controlPlaneLogGroupName(props.clusterName),
      retentionInDays: logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    this.cluster = new EksClusterResource(this, "Cluster", {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: allowed.length > 0,
        publicAccessCidrs: allowed.length > 0 ? [...allowed] : undefined,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: props.kmsKeyArn } },
      enabledClusterLogTypes: LOG_TYPES,
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      // Standard support only, no paid extended support: at the end of standard support EKS
      // upgrades the control plane to the next version by itself ("If you disable extended
      // support, your cluster will be auto upgraded at the end of standard support", EKS
      // version lifecycle FAQ). Validation refuses versions past that date and warns 60 days
      // before it, so the upgrade is planned here rather than done to us.
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [clusterPolicy, clusterEncryption, logGroup],
    });

    this.oidcProvider = new IamOpenidConnectProvider(this, "Oidc", {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ["sts.amazonaws.com"],
    });

    (props.clusterAdminArns ?? []).forEach((arn, i) => {
      const entry = new EksAccessEntry(this, `AdminEntry${i}`, { clusterName: this.cluster.name, principalArn: arn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `AdminPolicy${i}`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
        accessScope: { type: "cluster" },
      });
    });

    this.nodeRole = new IamRole(this, "NodeRole", { namePrefix: "eks-node-", assumeRolePolicy: assumeRole("ec2.amazonaws.com") });
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore"]
      .map((p) => new IamRolePolicyAttachment(this, `Node${p}`, { role: this.nodeRole.name, policyArn: MANAGED_POLICY(p) }));

    // Networking add-ons first: nodes become Ready only once the CNI runs on them.
    const networking = (["vpc-cni", "kube-proxy"] as const).map((name) => this.addon(name, []));

    const sysLt = new EksLaunchTemplate(this, "SystemLaunchTemplate", {
      kmsKeyArn: props.kmsKeyArn,
      diskSizeGiB: props.systemPool.diskSizeGiB,
      bottlerocket: false,
      tags: { Name: `${props.clusterName}-system` },
    });
    this.systemNodeGroup = new EksNodeGroup(this, "SystemNodes", {
      clusterName: this.cluster.name,
      nodeGroupName: `${props.clusterName}-system`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: props.subnetIds,
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      instanceTypes: [props.systemPool.instanceType],
      launchTemplate: { id: sysLt.template.id, version: Token.asString(sysLt.template.latestVersion) },
      scalingConfig: { minSize: props.systemPool.minNodes, maxSize: props.systemPool.maxNodes, desiredSize: props.systemPool.minNodes },
      updateConfig: { maxUnavailable: 1 },
      labels: { "llm-platform.dev/pool": "system" },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      dependsOn: [...nodePolicies, ...networking],
    });

    // CoreDNS needs nodes to schedule on, or the add-on never turns ACTIVE.
    this.addon("coredns", [this.systemNodeGroup]);
    this.addEbsCsiDriver();
  }

  /** The security group EKS creates for the cluster, which its nodes join. */
  get clusterSecurityGroupId(): string {
    return this.cluster.vpcConfig.clusterSecurityGroupId;
  }

  /** An EKS-managed add-on at its pinned version; taking over the self-managed copy EKS installed. */
  private addon(name: "vpc-cni" | "kube-proxy" | "coredns", dependsOn: ITerraformDependable[]): EksAddon {
    return new EksAddon(this, ADDON_IDS[name], {
      clusterName: this.cluster.name,
      addonName: name,
      addonVersion: this.props.addonVersions[name],
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
  }

  /** The EBS CSI driver (persistent volumes for Prometheus) with an IRSA role of its own. */
  private addEbsCsiDriver(): void {
    const issuer = Fn.replace(this.cluster.identity.get(0).oidc.get(0).issuer, "https://", "");
    const role = new IamRole(this, "EbsCsiRole", {
      namePrefix: "eks-ebs-csi-",
      // Plain JSON with the issuer interpolated: HCL object keys cannot be expressions.
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Federated: this.oidcProvider.arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${issuer}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
              [`${issuer}:aud`]: "sts.amazonaws.com",
            },
          },
        }],
      }),
    });
    new IamRolePolicyAttachment(this, "EbsCsiPolicy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    });
    // The managed policy covers no customer managed key; the encrypted StorageClass names the
    // region key, so the driver gets the KMS policy the EKS EBS CSI guide gives for that case.
    new IamRolePolicy(this, "EbsCsiKms", {
      role: role.name,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: this.props.kmsKeyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          },
          { Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"], Resource: this.props.kmsKeyArn },
        ],
      }),
    });
    new EksAddon(this, "EbsCsiDriver", {
      clusterName: this.cluster.name,
      addonName: "aws-ebs-csi-driver",
      addonVersion: this.props.addonVersions["aws-ebs-csi-driver"],
      serviceAccountRoleArn: role.arn,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "PRESERVE",
      dependsOn: [this.systemNodeGroup],
    });
  }
}
