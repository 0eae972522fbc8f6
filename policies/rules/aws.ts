import { EKS_VERSIONS } from "../../catalog/aws";
import type { PolicyRule, ResourceView, StackView } from "../types";
import { at, blocks, isFalse, isTrue, opensWorld, shown, strings } from "../values";

/** Rules for EKS, EC2 launch templates, S3 and KMS (checkov ids with their trivy aliases; custom `LLMP_AWS_*`). */

const EKS = ["aws_eks_cluster"];
const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/**
 * Resources of `types` that point at `target` through `attr`: by reference
 * (`${aws_s3_bucket.<id>.id}` or `.bucket`) or by the literal physical name.
 */
export function companions(stack: StackView, target: ResourceView, types: readonly string[], attr: string, name?: unknown): ResourceView[] {
  const ref = `\${${target.type}.${target.logicalId}.`;
  return stack.resources.filter((r) => {
    if (!types.includes(r.type)) return false;
    const v = r.attrs[attr];
    return typeof v === "string" && (v.startsWith(ref) || (typeof name === "string" && v === name));
  });
}

const s3Companion = (type: string) => (bucket: ResourceView, stack: StackView) =>
  companions(stack, bucket, [type], "bucket", bucket.attrs.bucket);

const publicAccessBlock = s3Companion("aws_s3_bucket_public_access_block");
const encryption = s3Companion("aws_s3_bucket_server_side_encryption_configuration");
const versioning = s3Companion("aws_s3_bucket_versioning");

function publicAccessFlag(id: string, trivyId: string, flag: string, what: string): PolicyRule {
  return {
    id,
    alsoKnownAs: [trivyId],
    title: `S3 bucket public access block has ${flag}`,
    resourceTypes: ["aws_s3_bucket"],
    check: (r, stack) => {
      const pab = publicAccessBlock(r, stack);
      if (pab.length === 0) return `has no aws_s3_bucket_public_access_block, so ${what}`;
      return pab.some((p) => isTrue(p.attrs[flag])) ? undefined : `its public access block does not set ${flag} = true, so ${what}`;
    },
    fix: `add an S3BucketPublicAccessBlock for the bucket with ${flag}: true (and the other three flags)`,
  };
}

/** The AWS rules. */
export const AWS_RULES: readonly PolicyRule[] = [
  {
    id: "CKV_AWS_39",
    alsoKnownAs: ["AVD-AWS-0040"],
    title: "EKS public endpoint is disabled or restricted to listed CIDRs",
    resourceTypes: EKS,
    check: (r) => {
      const publicAccess = at(r.attrs, "vpc_config", "endpoint_public_access");
      // The provider's default is a public endpoint open to 0.0.0.0/0.
      if (isFalse(publicAccess)) return undefined;
      return strings(at(r.attrs, "vpc_config", "public_access_cidrs")).length === 0
        ? `has a public API endpoint (endpoint_public_access = ${shown(publicAccess)}) with no public_access_cidrs, which means 0.0.0.0/0`
        : undefined;
    },
    fix: "leave cluster.endpointAllowedCidrs empty for a private endpoint, or list your deploy runners' ranges",
  },
  {
    id: "CKV_AWS_38",
    alsoKnownAs: ["AVD-AWS-0041"],
    title: "EKS public endpoint is not open to 0.0.0.0/0",
    resourceTypes: EKS,
    check: (r) => {
      const cidrs = strings(at(r.attrs, "vpc_config", "public_access_cidrs"));
      return !isFalse(at(r.attrs, "vpc_config", "endpoint_public_access")) && opensWorld(cidrs)
        ? `opens the public API endpoint to the internet, public_access_cidrs = ${shown(cidrs)}`
        : undefined;
    },
    fix: "remove 0.0.0.0/0 from cluster.endpointAllowedCidrs; list your deploy runners' ranges",
  },
  {
    id: "CKV_AWS_58",
    alsoKnownAs: ["AVD-AWS-0039"],
    title: "EKS secrets are envelope-encrypted with KMS",
    resourceTypes: EKS,
    check: (r) => {
      const enc = blocks(r.attrs.encryption_config);
      const ok = enc.some((e) => strings(e.resources).includes("secrets") && typeof at(e, "provider", "key_arn") === "string");
      return ok ? undefined : `has no encryption_config for "secrets" with a KMS key_arn, got ${shown(r.attrs.encryption_config)}`;
    },
    fix: "pass the region's KMS key as kmsKeyArn to EksCluster (encryption_config { resources = [\"secrets\"] })",
  },
  {
    id: "CKV_AWS_37",
    alsoKnownAs: ["AVD-AWS-0038"],
    title: "EKS control-plane logging is on for every log type",
    resourceTypes: EKS,
    check: (r) => {
      const missing = LOG_TYPES.filter((t) => !strings(r.attrs.enabled_cluster_log_types).includes(t));
      return missing.length ? `does not enable control-plane log type(s) ${missing.join(", ")}` : undefined;
    },
    fix: `set enabled_cluster_log_types to ${LOG_TYPES.join(", ")}`,
  },
  {
    id: "CKV_AWS_339",
    title: "EKS runs a supported Kubernetes version",
    resourceTypes: EKS,
    check: (r) => (EKS_VERSIONS as readonly unknown[]).includes(r.attrs.version)
      ? undefined
      : `runs Kubernetes ${shown(r.attrs.version)}, which is not in the supported list (${EKS_VERSIONS.join(", ")})`,
    fix: `set cluster.kubernetesVersion to one of ${EKS_VERSIONS.join(", ")} (catalog/aws.ts)`,
  },
  {
    id: "CKV_AWS_79",
    alsoKnownAs: ["AVD-AWS-0130"],
    title: "Launch templates require IMDSv2",
    resourceTypes: ["aws_launch_template"],
    check: (r) => {
      const endpoint = at(r.attrs, "metadata_options", "http_endpoint");
      const tokens = at(r.attrs, "metadata_options", "http_tokens");
      return endpoint === "disabled" || tokens === "required"
        ? undefined
        : `allows IMDSv1: metadata_options.http_tokens = ${shown(tokens)}`;
    },
    fix: "set metadataOptions.httpTokens: \"required\" (EksLaunchTemplate does)",
  },
  {
    id: "CKV_AWS_341",
    title: "Launch templates keep the metadata hop limit at 1",
    resourceTypes: ["aws_launch_template"],
    check: (r) => {
      if (at(r.attrs, "metadata_options", "http_endpoint") === "disabled") return undefined;
      const hops = at(r.attrs, "metadata_options", "http_put_response_hop_limit");
      return hops === 1 || hops === "1"
        ? undefined
        : `lets pods reach the node's instance credentials: http_put_response_hop_limit = ${shown(hops)}`;
    },
    fix: "set metadataOptions.httpPutResponseHopLimit: 1; pods get AWS credentials through IRSA",
  },
  {
    id: "LLMP_AWS_1",
    title: "Launch template volumes are encrypted with a KMS key",
    resourceTypes: ["aws_launch_template"],
    check: (r) => {
      const mappings = blocks(r.attrs.block_device_mappings);
      if (mappings.length === 0) return "has no block_device_mappings, so the AMI's unencrypted default volume would be used";
      const bad = mappings.filter((m) => !isTrue(at(m, "ebs", "encrypted")) || typeof at(m, "ebs", "kms_key_id") !== "string");
      return bad.length ? `has volume(s) ${bad.map((m) => shown(m.device_name)).join(", ")} without encrypted = true and a kms_key_id` : undefined;
    },
    fix: "give every block device mapping ebs { encrypted = \"true\", kms_key_id = <region key> } (EksLaunchTemplate does)",
  },
  publicAccessFlag("CKV_AWS_53", "AVD-AWS-0086", "block_public_acls", "public ACLs can be set"),
  publicAccessFlag("CKV_AWS_54", "AVD-AWS-0087", "block_public_policy", "a public bucket policy can be attached"),
  publicAccessFlag("CKV_AWS_55", "AVD-AWS-0091", "ignore_public_acls", "public ACLs take effect"),
  publicAccessFlag("CKV_AWS_56", "AVD-AWS-0093", "restrict_public_buckets", "a public policy would grant access"),
  {
    id: "CKV_AWS_145",
    alsoKnownAs: ["CKV_AWS_19", "AVD-AWS-0088", "AVD-AWS-0132"],
    title: "S3 buckets are encrypted with a KMS key",
    resourceTypes: ["aws_s3_bucket"],
    check: (r, stack) => {
      const rules = encryption(r, stack).flatMap((e) => blocks(e.attrs.rule));
      const byDefault = rules.map((x) => at(x, "apply_server_side_encryption_by_default"));
      if (byDefault.length === 0) return "has no aws_s3_bucket_server_side_encryption_configuration";
      const kms = byDefault.some((d) => String(at(d, "sse_algorithm")).startsWith("aws:kms") && typeof at(d, "kms_master_key_id") === "string");
      return kms ? undefined : `is not encrypted with a customer KMS key, got ${shown(byDefault)}`;
    },
    fix: "add an S3BucketServerSideEncryptionConfigurationA with sseAlgorithm \"aws:kms\" and the region's key",
  },
  {
    id: "CKV_AWS_21",
    alsoKnownAs: ["AVD-AWS-0090"],
    title: "S3 buckets are versioned",
    resourceTypes: ["aws_s3_bucket"],
    check: (r, stack) => {
      const v = versioning(r, stack);
      return v.some((x) => at(x.attrs, "versioning_configuration", "status") === "Enabled")
        ? undefined
        : "has no aws_s3_bucket_versioning with status \"Enabled\": an overwritten or deleted object cannot be restored";
    },
    fix: "add an S3BucketVersioningA with versioningConfiguration.status \"Enabled\"",
  },
  {
    id: "CKV_AWS_7",
    alsoKnownAs: ["AVD-AWS-0065"],
    title: "KMS keys rotate",
    resourceTypes: ["aws_kms_key"],
    check: (r) => isTrue(r.attrs.enable_key_rotation) ? undefined : `does not rotate: enable_key_rotation = ${shown(r.attrs.enable_key_rotation)}`,
    fix: "set enableKeyRotation: true",
  },
];
