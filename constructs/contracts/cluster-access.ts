import type { Construct } from "constructs";
import type { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { EncryptedStorageSpec } from "../storage";

/** A Kubernetes service account, as the cloud identity binding names it. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** Where a LoadBalancer Service's address appears in its status: a DNS name (AWS NLB) or an IP (GCP). */
export type LoadBalancerAddressKind = "hostname" | "ip";

/**
 * A LoadBalancer Service on an address reserved by the cluster stack: the annotations that
 * put it there, and the address itself (known from the reservation, before the Service exists).
 */
export interface ReservedLoadBalancer {
  readonly annotations: Readonly<Record<string, string>>;
  /** The reserved public IPv4 address (a token resolved at plan from a lookup). */
  readonly address: string;
}

/**
 * How a cluster's cloud builds a LoadBalancer Service that has no reserved address but
 * must honour `loadBalancerSourceRanges`: the annotations the Service needs, and which
 * status attribute carries the address the DNS record points at.
 */
export interface ClusterLoadBalancer {
  readonly annotations: Readonly<Record<string, string>>;
  readonly addressKind: LoadBalancerAddressKind;
}

/** The address of a LoadBalancer Service built as `lb` says: its DNS name or its IP, from the Service's status. */
export function loadBalancerAddress(service: ServiceV1, lb: ClusterLoadBalancer): string {
  const ingress = service.status.get(0).loadBalancer.get(0).ingress.get(0);
  return lb.addressKind === "hostname" ? ingress.hostname : ingress.ip;
}

/**
 * How the platform layer reaches one region's cluster and its cloud, whatever the cloud:
 * EKS and GKE implement it, so the platform stack branches on the cloud once, when it
 * picks the implementation. Implementations look the cluster up by its deterministic
 * name and configure the helm and kubernetes providers from those lookups, never from a
 * cluster resource of the same stack.
 */
export interface ClusterAccess {
  // No `cloud` member: what differs by cloud is a member here, so nothing above branches on it.
  /** The cluster's deterministic name. */
  readonly clusterName: string;
  /** The region's model store as a URI: `s3://<bucket>` or `gs://<bucket>`. */
  readonly modelStoreUri: string;
  /**
   * Shell commands that write credentials for this cluster into `$KUBECONFIG`, for the
   * few apply-time steps Terraform providers cannot do (CRD upgrades).
   */
  readonly kubeconfigCommand: string;
  /** The CSI provisioner and parameters of volumes encrypted with the region key (the platform's StorageClass). */
  readonly encryptedStorage: EncryptedStorageSpec;
  /**
   * Whether a namespace must carry a ResourceQuota for the `system-node-critical` and
   * `system-cluster-critical` priority classes before critical pods (the GPU Operator's
   * operands) are admitted outside kube-system.
   */
  readonly criticalPodsNeedQuota: boolean;
  /**
   * How a source-restricted LoadBalancer Service without a reserved address is built here
   * (the federation endpoint, the hubs' Alertmanager peer endpoint).
   */
  readonly loadBalancer: ClusterLoadBalancer;
  /**
   * Looks up the single static address the cluster stack reserved under `addressName`
   * (`alertmanagerPeerAddressName`) and says how a source-restricted LoadBalancer Service
   * is put on it.
   */
  reservedLoadBalancer(scope: Construct, id: string, addressName: string): ReservedLoadBalancer;
  /** Annotations that put the serving load balancer on the region's reserved static address(es). */
  readonly servingLoadBalancerAnnotations: Readonly<Record<string, string>>;
  /**
   * Creates a cloud identity that may only read the model store and binds it to the
   * service account; returns the annotations that service account must carry.
   */
  grantModelStoreRead(scope: Construct, id: string, serviceAccount: ServiceAccountRef): Readonly<Record<string, string>>;
  /** Labels the pods of that service account need for the identity to reach them (AKS workload identity); empty elsewhere. */
  readonly modelReaderPodLabels: Readonly<Record<string, string>>;
}

/**
 * A bash script for an apply-time `kubectl` step: fails on the first error, writes the
 * cluster's credentials (`kubeconfigCommand`) into a throwaway `$KUBECONFIG` that is removed
 * on exit, then runs `commands`.
 */
export function kubectlScript(kubeconfigCommand: string, ...commands: string[]): string {
  return [
    "set -euo pipefail",
    'KUBECONFIG="$(mktemp)"; export KUBECONFIG',
    'trap \'rm -f "$KUBECONFIG"\' EXIT',
    kubeconfigCommand,
    ...commands,
  ].join("\n");
}
