import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAwsEip } from "@cdktf/provider-aws/lib/data-aws-eip";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ClusterAccess, ReservedLoadBalancer, ServiceAccountRef } from "../contracts";
import type { EncryptedStorageSpec } from "../storage";
import { AWS_ENDPOINTS } from "./aws-endpoints";

/** Props of {@link EksClusterAccess}. */
export interface EksClusterAccessProps {
  /** The EKS cluster's deterministic name (`config/names.ts`). */
  readonly clusterName: string;
  /** The AWS region id. */
  readonly region: string;
  /** The model-store bucket's deterministic name. */
  readonly modelBucketName: string;
  /** The region key's alias without `alias/` (the cluster stack names it after the cluster). */
  readonly kmsAliasName: string;
  /** The zones, in the order the cluster stack reserved one serving Elastic IP per zone. */
  readonly zones: readonly string[];
}

/**
 * Reaches an EKS cluster from the platform layer: looks it up by name and configures the
 * helm and kubernetes providers with a short-lived token from `aws eks get-token` (exec,
 * so long Helm waits outlive the 15-minute token of `aws_eks_cluster_auth`). Model-store
 * reads go through IRSA: an IAM role that trusts the cluster's OIDC provider for one
 * service account and may only read that bucket (and decrypt through S3 with the region key).
 */
export class EksClusterAccess extends Construct implements ClusterAccess {
  readonly clusterName: string;
  readonly modelStoreUri: string;
  readonly kubeconfigCommand: string;
  /** EKS admits critical priority classes in any namespace. */
  readonly criticalPodsNeedQuota = false;
  readonly loadBalancer = AWS_ENDPOINTS.loadBalancer;
  /** The identity reaches the pods through their service account alone. */
  readonly modelReaderPodLabels = {};
  readonly servingLoadBalancerAnnotations: Readonly<Record<string, string>>;
  readonly encryptedStorage: EncryptedStorageSpec;
  /** The region key, looked up once by its alias: volumes and model-store reads use it. */
  private readonly regionKey: DataAwsKmsAlias;
  readonly cluster: DataAwsEksCluster;
  private readonly props: EksClusterAccessProps;

  constructor(scope: Construct, id: string, props: EksClusterAccessProps) {
    super(scope, id);
    this.props = props;
    this.clusterName = props.clusterName;
    this.modelStoreUri = `s3://${props.modelBucketName}`;
    this.kubeconfigCommand = `aws eks update-kubeconfig --name ${props.clusterName} --region ${props.region} --kubeconfig "$KUBECONFIG"`;

    this.cluster = new DataAwsEksCluster(this, "Cluster", { name: props.clusterName });
    const host = this.cluster.endpoint;
    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region, "--output", "json"],
    };
    new KubernetesProvider(this, "Kubernetes", { host, clusterCaCertificate, exec: [exec] });
    new HelmProvider(this, "Helm", { kubernetes: { host, clusterCaCertificate, exec } });

    // gp3 volumes under the region key (parameter names: aws-ebs-csi-driver docs/parameters.md).
    this.regionKey = new DataAwsKmsAlias(this, "RegionKey", { name: `alias/${props.kmsAliasName}` });
    this.encryptedStorage = {
      provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: this.regionKey.targetKeyArn, "csi.storage.k8s.io/fstype": "ext4" },
    };

    const eips = props.zones.map((zone, i) => new DataAwsEip(this, `ServingEip${i}`, {
      filter: [{ name: "tag:Name", values: [`${props.clusterName}-serving-${zone}`] }],
    }));
    this.servingLoadBalancerAnnotations = {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": Fn.join(",", eips.map((e) => e.id)),
      "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
    };
  }

  /**
   * An NLB in one public subnet (the first zone's, by its Name tag) on one Elastic IP: the
   * AWS cloud provider requires as many allocations as subnets
   * (cloud-provider-aws v1.35.2 `pkg/providers/v1/aws_loadbalancer.go`) and resolves
   * `aws-load-balancer-subnets` entries by ID or Name tag (`aws.go`, `resolveSubnetNameOrIDs`).
   * The load balancer then lives in that zone only; node targets of the other zones receive
   * nothing from it, so the Service must route with `externalTrafficPolicy: Cluster`.
   */
  reservedLoadBalancer(scope: Construct, id: string, addressName: string): ReservedLoadBalancer {
    const eip = new DataAwsEip(scope, id, { filter: [{ name: "tag:Name", values: [addressName] }] });
    return {
      annotations: {
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-subnets": `${this.props.clusterName}-public-${this.props.zones[0]}`,
        "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": eip.id,
      },
      address: eip.publicIp,
    };
  }

  grantModelStoreRead(scope: Construct, id: string, sa: ServiceAccountRef): Readonly<Record<string, string>> {
    const c = new Construct(scope, id);
    const issuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    const oidc = new DataAwsIamOpenidConnectProvider(c, "Oidc", { url: issuerUrl });
    const issuer = Fn.replace(issuerUrl, "https://", "");
    const key = this.regionKey;
    const bucketArn = `arn:aws:s3:::${this.props.modelBucketName}`;
    const role = new IamRole(c, "Role", {
      namePrefix: "model-reader-",
      description: `Reads ${this.props.modelBucketName} for ${sa.namespace}/${sa.name} on ${this.props.clusterName}`,
      // Plain JSON with the issuer interpolated: HCL object keys cannot be expressions.
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Federated: oidc.arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${issuer}:sub`]: `system:serviceaccount:${sa.namespace}:${sa.name}`,
              [`${issuer}:aud`]: "sts.amazonaws.com",
            },
          },
        }],
      }),
    });
    new IamRolePolicy(c, "ReadModels", {
      role: role.id,
      name: "read-model-store",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "List", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucketArn] },
          { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucketArn}/*`] },
          {
            // SSE-KMS objects: decrypt with the region key, and only on behalf of S3.
            Sid: "Decrypt",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [key.targetKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `s3.${this.props.region}.amazonaws.com` } },
          },
        ],
      }),
    });
    return { "eks.amazonaws.com/role-arn": role.arn };
  }
}
