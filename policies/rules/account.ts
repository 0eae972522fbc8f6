import { AUTO_SCALING_KEY_ACTIONS } from "../../constructs/aws";
import { readHelmValues } from "../../constructs/common";
import type { PolicyRule, ResourceView, StackView } from "../types";
import { at, block, blocks, isTrue, shown, strings } from "../values";

/**
 * Rules that a fresh cloud account needs to hold for an apply to work and the result to run
 * (checkov ids where a scanner covers the concern, custom `LLMP_ACCOUNT_*` otherwise): KMS keys
 * usable by Auto Scaling, encrypted log groups, flow logs, S3 through a gateway endpoint,
 * Cloud NAT port allocation, storage classes named in every volume claim, spot diversity.
 */

const ASG_ROLE_SUFFIX = ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

interface Statement {
  readonly Effect?: string;
  readonly Principal?: { readonly AWS?: string | string[] } | string;
  readonly Action?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

/** The key a `${aws_kms_key.<id>.arn}` reference points at, in this stack. */
function referencedKey(stack: StackView, ref: unknown): ResourceView | undefined {
  const m = typeof ref === "string" ? /^\$\{aws_kms_key\.([^.}]+)\.(arn|key_id|id)\}$/.exec(ref) : null;
  return m ? stack.resources.find((r) => r.type === "aws_kms_key" && r.logicalId === m[1]) : undefined;
}

/** What the Auto Scaling service-linked role lacks on a key policy (JSON text), or undefined. */
export function autoScalingKeyGap(policy: unknown): string | undefined {
  if (typeof policy !== "string") return "has no key policy, so the default applies and the Auto Scaling service-linked role gets no access";
  let doc: { Statement?: Statement[] | Statement };
  try {
    doc = JSON.parse(policy) as typeof doc;
  } catch {
    return `has a key policy that is not plain JSON (${policy.slice(0, 40)}...), so it cannot be checked`;
  }
  const toAsg = (Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [])
    .filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && list(s.Principal.AWS).some((p) => p.endsWith(ASG_ROLE_SUFFIX)));
  const allowed = new Set(toAsg.filter((s) => !s.Condition).flatMap((s) => list(s.Action)));
  const missing = AUTO_SCALING_KEY_ACTIONS.filter((a) => !allowed.has(a) && !allowed.has("kms:*"));
  const grant = toAsg.some((s) => list(s.Action).some((a) => a === "kms:CreateGrant" || a === "kms:*")
    && ["true", true].includes(s.Condition?.Bool?.["kms:GrantIsForAWSResource"] as string | boolean));
  const gaps = [
    ...(missing.length > 0 ? [`${missing.join(", ")}`] : []),
    ...(grant ? [] : ["kms:CreateGrant with kms:GrantIsForAWSResource = true"]),
  ];
  return gaps.length > 0 ? `does not grant the Auto Scaling service-linked role ${gaps.join(" and ")}` : undefined;
}

/** Storage claims in Helm values: every volumeClaimTemplate(s) spec and enabled `persistence` block, with its path. */
export function claimsWithoutClass(values: unknown, path = ""): string[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => claimsWithoutClass(v, `${path}[${i}]`));
  if (values === null || typeof values !== "object") return [];
  const obj = values as Record<string, unknown>;
  const found: string[] = [];
  const needsClass = (spec: unknown, where: string) => {
    const s = spec as Record<string, unknown> | undefined;
    if (!s || typeof s.storageClassName !== "string" || s.storageClassName === "") found.push(where);
  };
  for (const [key, v] of Object.entries(obj)) {
    const here = path ? `${path}.${key}` : key;
    if (key === "volumeClaimTemplate" && v && typeof v === "object") needsClass((v as Record<string, unknown>).spec, `${here}.spec.storageClassName`);
    else if (key === "volumeClaimTemplates" && Array.isArray(v)) v.forEach((t, i) => needsClass((t as Record<string, unknown>)?.spec, `${here}[${i}].spec.storageClassName`));
    else if (key === "persistence" && v && typeof v === "object" && isTrue((v as Record<string, unknown>).enabled)) needsClass(v, `${here}.storageClassName`);
    else found.push(...claimsWithoutClass(v, here));
  }
  return found;
}

function helmValues(r: ResourceView): unknown[] {
  return strings(r.attrs.values).flatMap((text) => {
    try {
      return [readHelmValues(text)];
    } catch {
      return [];
    }
  });
}

const NAT_ROUTE = (rt: ResourceView) => blocks(rt.attrs.route).some((x) => typeof x.nat_gateway_id === "string" && x.nat_gateway_id !== "");

/** The rules. */
export const ACCOUNT_RULES: readonly PolicyRule[] = [
  {
    id: "LLMP_ACCOUNT_1",
    title: "KMS keys that encrypt launch-template volumes grant the Auto Scaling service-linked role",
    resourceTypes: ["aws_launch_template"],
    check: (r, stack) => {
      const refs = blocks(r.attrs.block_device_mappings).map((m) => at(m, "ebs", "kms_key_id")).filter((k) => k !== undefined);
      for (const ref of refs) {
        const key = referencedKey(stack, ref);
        if (!key) return `encrypts volumes with ${shown(ref)}, a key this stack does not define, so its policy cannot be checked`;
        const gap = autoScalingKeyGap(key.attrs.policy);
        if (gap) return `encrypts volumes with ${key.path}, which ${gap}: node groups launch through Auto Scaling and fail`;
      }
      return undefined;
    },
    fix: "give the key an explicit policy with regionKeyPolicy() (constructs/aws/kms-key-policy.ts): kms:Encrypt, Decrypt, ReEncrypt*, GenerateDataKey*, DescribeKey and kms:CreateGrant with kms:GrantIsForAWSResource for AWSServiceRoleForAutoScaling",
  },
  {
    id: "CKV_AWS_158",
    alsoKnownAs: ["AVD-AWS-0017"],
    title: "CloudWatch log groups are encrypted with a customer managed KMS key",
    resourceTypes: ["aws_cloudwatch_log_group"],
    check: (r) => (typeof r.attrs.kms_key_id === "string" && r.attrs.kms_key_id !== "" ? undefined : `is not encrypted with a KMS key, got kms_key_id = ${shown(r.attrs.kms_key_id)}`),
    fix: "set kmsKeyId to the region key and name the group in its key policy (logGroupNames of AwsRegionKey)",
  },
  {
    id: "CKV2_AWS_11",
    alsoKnownAs: ["AVD-AWS-0178"],
    title: "VPCs have flow logs",
    resourceTypes: ["aws_vpc"],
    check: (r, stack) => {
      const ref = `\${aws_vpc.${r.logicalId}.id}`;
      return stack.resources.some((x) => x.type === "aws_flow_log" && x.attrs.vpc_id === ref) ? undefined : "has no aws_flow_log, so no record of who talked to what exists after an incident";
    },
    fix: "add VPC flow logs (AwsNetwork does: all traffic to an encrypted CloudWatch Logs group)",
  },
  {
    id: "LLMP_ACCOUNT_2",
    title: "Private route tables that egress through NAT reach S3 through a gateway endpoint",
    resourceTypes: ["aws_route_table"],
    check: (r, stack) => {
      if (!NAT_ROUTE(r)) return undefined;
      const ref = `\${aws_route_table.${r.logicalId}.id}`;
      const endpoints = stack.resources.filter((x) => x.type === "aws_vpc_endpoint"
        && (x.attrs.vpc_endpoint_type === "Gateway") && typeof x.attrs.service_name === "string" && /\.s3$/.test(x.attrs.service_name));
      return endpoints.some((e) => strings(e.attrs.route_table_ids).includes(ref))
        ? undefined
        : "routes to the internet through NAT with no S3 gateway endpoint: model weights (16-65 GB per worker start) pay NAT processing and share its bandwidth";
    },
    fix: "add an aws_vpc_endpoint of type Gateway for com.amazonaws.<region>.s3 with this route table in route_table_ids",
  },
  {
    id: "LLMP_ACCOUNT_3",
    title: "Cloud NAT allocates ports dynamically",
    resourceTypes: ["google_compute_router_nat"],
    check: (r) => (isTrue(r.attrs.enable_dynamic_port_allocation)
      ? undefined
      : `uses static port allocation (64 ports per VM by default): a node pulling images and weights over many connections runs out, got enable_dynamic_port_allocation = ${shown(r.attrs.enable_dynamic_port_allocation)}`),
    fix: "set enableDynamicPortAllocation: true with minPortsPerVm/maxPortsPerVm (and endpoint-independent mapping off)",
  },
  {
    id: "LLMP_ACCOUNT_4",
    title: "Every volume claim names a storage class",
    resourceTypes: ["helm_release", "kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1", "kubernetes_stateful_set", "kubernetes_stateful_set_v1", "kubernetes_manifest"],
    check: (r) => {
      let missing: string[];
      if (r.type === "helm_release") missing = helmValues(r).flatMap((v) => claimsWithoutClass(v));
      else if (r.type.startsWith("kubernetes_persistent_volume_claim")) missing = typeof at(r.attrs, "spec", "storage_class_name") === "string" ? [] : ["spec.storage_class_name"];
      else if (r.type.startsWith("kubernetes_stateful_set")) {
        missing = blocks(at(r.attrs, "spec", "volume_claim_template"))
          .flatMap((t, i) => (typeof at(t, "spec", "storage_class_name") === "string" ? [] : [`spec.volume_claim_template[${i}].spec.storage_class_name`]));
      } else {
        const m = block(r.attrs.manifest);
        missing = m?.kind === "PersistentVolumeClaim" ? claimsWithoutClass({ volumeClaimTemplate: m }) : m?.kind === "StatefulSet" ? claimsWithoutClass({ volumeClaimTemplates: at(m, "spec", "volumeClaimTemplates") }) : [];
      }
      return missing.length > 0
        ? `has volume claims without a storage class (${missing.join(", ")}): EKS >= 1.30 has no default class, so they stay Pending`
        : undefined;
    },
    fix: "name the platform's storage class (EKS: the encrypted gp3 class; GKE: the CMEK pd-balanced class) in storageClassName",
  },
  {
    id: "LLMP_ACCOUNT_5",
    title: "Spot node groups offer more than one instance type",
    resourceTypes: ["aws_eks_node_group"],
    check: (r) => (r.attrs.capacity_type === "SPOT" && strings(r.attrs.instance_types).length < 2
      ? `is a spot node group with one instance type (${shown(r.attrs.instance_types)}): one reclaimed capacity pool empties it`
      : undefined),
    fix: "offer more instance types with the same GPUs (GPU pools: gpuPools[].fallbackInstanceTypes, served by Karpenter NodePools)",
  },
  {
    id: "LLMP_ACCOUNT_6",
    title: "GKE clusters pin the configured Kubernetes version as their minimum",
    resourceTypes: ["google_container_cluster"],
    check: (r) => (typeof r.attrs.min_master_version === "string" && r.attrs.min_master_version !== ""
      ? undefined
      : `sets no min_master_version, so cluster.kubernetesVersion is ignored and the channel picks the version, got ${shown(r.attrs.min_master_version)}`),
    fix: "pass cluster.kubernetesVersion as min_master_version (GkeCluster does)",
  },
];
