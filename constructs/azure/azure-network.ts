import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { carveRegion, cidrSubnet, parseCidr, formatCidr } from "../../config/cidr";

/** Props of {@link AzureNetwork}. */
export interface AzureNetworkProps {
  /** Prefix of every resource name (the cluster name). */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The region's CIDR, carved like every other region (see `carveRegion`). */
  readonly cidr: string;
  /** The region's zones: the serving address is zone-redundant across them. */
  readonly zones: readonly string[];
  /** @default 2 - static NAT egress addresses */
  readonly natAddressCount?: number;
  readonly tags: Readonly<Record<string, string>>;
  /** Name of a second static public IP for the hub's Alertmanager peer endpoint. @default - none (not a hub of a two-hub platform) */
  readonly peerAddressName?: string;
}

/** The address ranges AKS takes from the region's CIDR. */
export interface AksRanges {
  /** The VNet's address space: the private half of the region's CIDR. */
  readonly vnet: string;
  /** The node subnet (Azure CNI overlay: nodes only; pods are not given VNet addresses). */
  readonly nodes: string;
  /** The overlay pod CIDR: outside the VNet, as AKS requires, inside the region's block. */
  readonly pods: string;
  /** The Kubernetes service CIDR: outside the VNet, inside the region's block. */
  readonly services: string;
  /** The cluster DNS service address: the tenth address of the service CIDR. */
  readonly dnsServiceIp: string;
}

/**
 * The ranges of an AKS region: the VNet holds only the first half of the region's block
 * (the private subnets of `carveRegion`), so the overlay pod CIDR (third quarter) and the
 * service CIDR (in the fourth quarter) lie outside it, as Azure CNI overlay requires, and
 * inside the region's block, which validation keeps apart from every other region.
 */
export function aksRanges(cidr: string): AksRanges {
  const carved = carveRegion(cidr, 1);
  const services = parseCidr(carved.services)!;
  return {
    vnet: cidrSubnet(cidr, 1, 0),
    nodes: carved.private[0],
    pods: carved.pods,
    services: carved.services,
    dnsServiceIp: formatCidr({ network: services.network + 10, prefix: 32 }).replace(/\/32$/, ""),
  };
}

/**
 * The network of one AKS region: a VNet with one private node subnet (with a Microsoft.Storage
 * service endpoint, so the model store admits it), a NAT gateway on static public IPs that
 * every node's egress leaves through (the hubs and spill peers admit exactly these), and the
 * static, zone-redundant public IP of the serving load balancer, which the global DNS points at.
 */
export class AzureNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  readonly nodeSubnet: Subnet;
  readonly ranges: AksRanges;
  readonly natGateway: NatGateway;
  readonly natAddresses: PublicIp[];
  readonly servingAddress: PublicIp;
  /** The Alertmanager peer endpoint's static address, in a hub region. */
  readonly peerAddress?: PublicIp;
  /** The node subnet's NAT association: AKS with outbound type userAssignedNATGateway needs it in place first. */
  readonly natAssociation: SubnetNatGatewayAssociation;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    const natCount = props.natAddressCount ?? 2;
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: { ...props.tags } };
    this.ranges = aksRanges(props.cidr);
    this.vnet = new VirtualNetwork(this, "Vnet", { ...common, name: props.name, addressSpace: [this.ranges.vnet] });
    this.nodeSubnet = new Subnet(this, "Nodes", {
      name: "nodes",
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [this.ranges.nodes],
      serviceEndpoints: ["Microsoft.Storage"],
      // Egress only through the NAT gateway, never Azure's implicit default outbound address.
      defaultOutboundAccessEnabled: false,
    });
    // A NAT gateway lives in one zone or none; a zoneless one and zoneless addresses keep
    // egress independent of any single zone's placement.
    this.natAddresses = Array.from({ length: natCount }, (_, i) => new PublicIp(this, `NatAddress${i}`, {
      ...common,
      name: `${props.name}-nat-${i}`,
      allocationMethod: "Static",
      sku: "Standard",
      tags: { ...props.tags, "llm-platform-purpose": "egress" },
    }));
    this.natGateway = new NatGateway(this, "Nat", { ...common, name: props.name, skuName: "Standard", idleTimeoutInMinutes: 4 });
    this.natAddresses.forEach((ip, i) => new NatGatewayPublicIpAssociation(this, `NatAddressAssociation${i}`, { natGatewayId: this.natGateway.id, publicIpAddressId: ip.id }));
    this.natAssociation = new SubnetNatGatewayAssociation(this, "NodesNat", { subnetId: this.nodeSubnet.id, natGatewayId: this.natGateway.id });
    this.servingAddress = new PublicIp(this, "ServingAddress", {
      ...common,
      name: `${props.name}-serving`,
      allocationMethod: "Static",
      sku: "Standard",
      zones: [...props.zones],
      tags: { ...props.tags, "llm-platform-purpose": "serving" },
    });
    if (props.peerAddressName) {
      this.peerAddress = new PublicIp(this, "PeerAddress", {
        ...common,
        name: props.peerAddressName,
        allocationMethod: "Static",
        sku: "Standard",
        zones: [...props.zones],
        tags: { ...props.tags, "llm-platform-purpose": "alertmanager-peer" },
      });
    }
  }
}
