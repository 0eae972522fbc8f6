import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { carveRegion, type RegionSubnets } from "../../config/cidr";

/** Props of {@link GcpNetwork}. */
export interface GcpNetworkProps {
  readonly name: string;
  readonly region: string;
  /** The region's CIDR, carved like every other region (see `carveRegion`). */
  readonly cidr: string;
  /** Zones in use; sizes nothing on GCP (subnetworks are regional) but keeps ranges aligned with AWS. */
  readonly zoneCount: number;
  /** The enabled Compute API. @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /** @default 2 - static NAT egress addresses */
  readonly natAddressCount?: number;
  /** Name of the reserved external address of the serving load balancer. */
  readonly servingAddressName: string;
  /**
   * Name of one more reserved external address, for a load balancer that other clusters
   * must reach at an address fixed before it exists (a hub's Alertmanager peer endpoint).
   * @default - none reserved
   */
  readonly peerAddressName?: string;
}

/** Secondary range names the GKE cluster refers to. */
export const GKE_RANGES = { pods: "pods", services: "services" } as const;

/**
 * A custom-mode VPC for one GKE region: a subnetwork for nodes with secondary ranges for
 * pods and services, Private Google Access, flow logs, and Cloud NAT on reserved static
 * addresses (the observability hub allows exactly these). Also reserves the serving
 * load balancer's regional address, which the global DNS points at.
 */
export class GcpNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;
  readonly ranges: RegionSubnets;
  readonly natAddresses: ComputeAddress[];
  readonly servingAddress: ComputeAddress;
  /** The peer load balancer's address, when {@link GcpNetworkProps.peerAddressName} is set. */
  readonly peerAddress?: ComputeAddress;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const natCount = props.natAddressCount ?? 2;
    this.ranges = carveRegion(props.cidr, props.zoneCount);
    this.network = new ComputeNetwork(this, "Vpc", { name: props.name, autoCreateSubnetworks: false, routingMode: "REGIONAL", dependsOn: props.dependsOn });
    this.subnetwork = new ComputeSubnetwork(this, "Nodes", {
      name: `${props.name}-nodes`,
      region: props.region,
      network: this.network.id,
      ipCidrRange: this.ranges.private[0],
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: GKE_RANGES.pods, ipCidrRange: this.ranges.pods },
        { rangeName: GKE_RANGES.services, ipCidrRange: this.ranges.services },
      ],
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
    this.natAddresses = Array.from({ length: natCount }, (_, i) => new ComputeAddress(this, `NatAddress${i}`, {
      name: `${props.name}-nat-${i}`,
      region: props.region,
      addressType: "EXTERNAL",
      labels: { "llm-platform-purpose": "egress" },
      dependsOn: props.dependsOn,
    }));
    const router = new ComputeRouter(this, "Router", { name: props.name, region: props.region, network: this.network.id });
    new ComputeRouterNat(this, "Nat", {
      name: props.name,
      router: router.name,
      region: props.region,
      natIpAllocateOption: "MANUAL_ONLY",
      natIps: this.natAddresses.map((a) => a.selfLink),
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      // Static allocation gives every VM 64 ports; image and weight pulls open many parallel
      // connections. Dynamic allocation grows a VM's share on demand (and requires
      // endpoint-independent mapping off).
      enableDynamicPortAllocation: true,
      enableEndpointIndependentMapping: false,
      minPortsPerVm: 64,
      maxPortsPerVm: 16384,
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
    this.servingAddress = new ComputeAddress(this, "ServingAddress", {
      name: props.servingAddressName,
      region: props.region,
      addressType: "EXTERNAL",
      labels: { "llm-platform-purpose": "serving" },
    });
    if (props.peerAddressName) this.peerAddress = new ComputeAddress(this, "PeerAddress", {
      name: props.peerAddressName,
      region: props.region,
      addressType: "EXTERNAL",
      labels: { "llm-platform-purpose": "alertmanager-peer" },
      dependsOn: props.dependsOn,
    });
  }
}
