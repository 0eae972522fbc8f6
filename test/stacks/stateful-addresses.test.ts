import { Testing, TerraformStack } from "cdktf";
import { STATEFUL_TYPES } from "../../policies/rules/state";
import type { StackJson } from "../../policies/types";
import { configureBackend } from "../../stacks/backend";
import { defaultStacks } from "../policies/fixtures";

/**
 * Terraform addresses are a contract: a changed construct id or scope gives a resource a
 * new logical id, and the next plan destroys the old one and creates a new one. For a KMS
 * key that makes every volume and object it encrypted unreadable; for a bucket it loses the
 * weights; for an address it moves the IP that DNS and the hub's allow-lists point at.
 * These tests pin the addresses so a refactor has to change them here, on purpose, in review.
 */

const STACKS = defaultStacks();

function addresses(json: StackJson, types: readonly string[]): string[] {
  return types.flatMap((t) => Object.keys(json.resource?.[t] ?? {}).map((id) => `${t}.${id}`)).sort();
}

const AWS_STATEFUL = ["aws_kms_key.Key_43586C89", "aws_s3_bucket.ModelStore_Bucket_0621ADAD"];
// One NAT gateway per region by default (issue 12: 5 Elastic IPs per region): NatEip0 keeps its
// address; regions that set natGateways: "per-zone" keep NatEip1 and NatEip2 as before.
const AWS_PINNED = [
  "aws_eip.Network_NatEip0_814C8120",
  "aws_eip.Network_ServingEip0_295624BB",
  "aws_eip.Network_ServingEip1_DAF03E14",
  "aws_eip.Network_ServingEip2_CD89E156",
  "aws_eks_cluster.Eks_Cluster_9EEA9CA8",
];

describe("stateful resources keep their Terraform addresses", () => {
  test.each([
    ["us-east-1-cluster", AWS_STATEFUL],
    ["eu-west-1-cluster", AWS_STATEFUL],
    ["asia-south1-cluster", [
      "google_kms_crypto_key.Key_43586C89",
      "google_kms_key_ring.Key_Ring_51C8449B",
      "google_storage_bucket.ModelStore_Bucket_0621ADAD",
    ]],
  ])("%s: keys and model buckets", (stack, expected) => {
    expect(addresses(STACKS[stack], STATEFUL_TYPES)).toEqual(expected);
  });

  // Replacing these is an outage: the cluster and its workloads, or the IPs DNS and the
  // observability hub's allow-list use.
  // A hub also pins its Alertmanager peer address: the other hub peers with and alerts it.
  test.each([
    ["us-east-1-cluster", [...AWS_PINNED.slice(0, 1), "aws_eip.Network_PeerEip_86C7CCD5", ...AWS_PINNED.slice(1)]],
    ["eu-west-1-cluster", AWS_PINNED],
    ["asia-south1-cluster", [
      "google_compute_address.Network_NatAddress0_99C3AEF3",
      "google_compute_address.Network_NatAddress1_9FCC497F",
      "google_compute_address.Network_PeerAddress_57B53A00",
      "google_compute_address.Network_ServingAddress_76AE354E",
      "google_container_cluster.Gke_Cluster_9563D70B",
    ]],
  ])("%s: clusters and static addresses", (stack, expected) => {
    expect(addresses(STACKS[stack], ["aws_eks_cluster", "google_container_cluster", "aws_eip", "google_compute_address"])).toEqual(expected);
  });

  // prevent_destroy makes `terraform destroy` and any replacing plan fail for these.
  const statefulOf = (stack: string) => STATEFUL_TYPES.flatMap((type) => Object.values(STACKS[stack].resource?.[type] ?? {}));
  test.each(Object.keys(STACKS).filter((s) => s.endsWith("-cluster")))("%s: every key and model bucket has prevent_destroy", (stack) => {
    expect(statefulOf(stack).length).toBeGreaterThanOrEqual(2);
    for (const attrs of statefulOf(stack)) expect(attrs.lifecycle).toEqual(expect.objectContaining({ prevent_destroy: true }));
  });

  test("no platform or global stack holds a key or bucket without prevent_destroy", () => {
    for (const stack of Object.keys(STACKS).filter((s) => !s.endsWith("-cluster"))) {
      for (const attrs of statefulOf(stack)) expect([stack, attrs.lifecycle]).toEqual([stack, expect.objectContaining({ prevent_destroy: true })]);
    }
  });
});

describe("remote state backends", () => {
  function backendOf(config: Parameters<typeof configureBackend>[1]): Record<string, unknown> {
    const stack = new TerraformStack(Testing.app(), "s");
    configureBackend(stack, config, "us-east-1-cluster", ".");
    return (stack.toTerraform() as StackJson).terraform!.backend!;
  }

  // Every stack's state holds secrets in plain text (kubeconfigs, generated passwords).
  test("s3 state is encrypted (with the KMS key when given) and locked with a lockfile", () => {
    const s3 = backendOf({ type: "s3", bucket: "llmp-state", region: "us-east-1", kmsKeyId: "alias/state", prefix: "p" }).s3;
    expect(s3).toEqual(expect.objectContaining({ encrypt: true, use_lockfile: true, kms_key_id: "alias/state", key: "p/us-east-1-cluster.tfstate" }));
  });

  // GCS encrypts at rest and locks natively; what matters is one prefix per stack.
  test("gcs state has a prefix of its own per stack", () => {
    expect(backendOf({ type: "gcs", bucket: "llmp-state", prefix: "p" }).gcs).toEqual({ bucket: "llmp-state", prefix: "p/us-east-1-cluster" });
  });
});
