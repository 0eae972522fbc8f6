import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { carveRegion } from "../../config/cidr";

/** Props of {@link AwsNetwork}. */
export interface AwsNetworkProps {
  /** Prefix of the Name tags. */
  readonly name: string;
  /** The VPC CIDR (/16 to /20). */
  readonly cidr: string;
  /** Availability zones, one private and one public subnet each. */
  readonly zones: readonly string[];
  /** The EKS cluster these subnets serve, for the load balancer controller's discovery tags. */
  readonly clusterName: string;
  /** @default "per-zone" - one NAT gateway per zone, so losing a zone keeps egress in the others */
  readonly natGateways?: "single" | "per-zone";
}

/**
 * A VPC for one EKS region: private subnets for nodes and pods across the zones, public
 * subnets only for load balancers and NAT, NAT egress on Elastic IPs that outlive the
 * gateways (the observability hub allows exactly these), and one Elastic IP per zone
 * reserved for the serving load balancer (the global DNS points at these).
 */
export class AwsNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly publicSubnets: Subnet[];
  /** Egress addresses of the region, one per NAT gateway. */
  readonly natEips: Eip[];
  /** Addresses for the serving NLB, one per public subnet. */
  readonly servingEips: Eip[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const natMode = props.natGateways ?? "per-zone";
    const ranges = carveRegion(props.cidr, props.zones.length);
    const clusterTag = { [`kubernetes.io/cluster/${props.clusterName}`]: "shared" };

    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    // The default security group allows all traffic between members; strip its rules.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: this.vpc.id, tags: { Name: `${props.name}-default-deny` } });
    const igw = new InternetGateway(this, "Igw", { vpcId: this.vpc.id, tags: { Name: props.name } });

    this.publicSubnets = props.zones.map((zone, i) => new Subnet(this, `Public${i}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: ranges.public[i],
      mapPublicIpOnLaunch: false,
      tags: { Name: `${props.name}-public-${zone}`, "kubernetes.io/role/elb": "1", ...clusterTag },
    }));
    this.privateSubnets = props.zones.map((zone, i) => new Subnet(this, `Private${i}`, {
      vpcId: this.vpc.id,
      availabilityZone: zone,
      cidrBlock: ranges.private[i],
      tags: { Name: `${props.name}-private-${zone}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
    }));

    const publicRt = new RouteTable(this, "PublicRoutes", {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
      tags: { Name: `${props.name}-public` },
    });
    this.publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `PublicAssoc${i}`, { subnetId: s.id, routeTableId: publicRt.id }));

    const natCount = natMode === "single" ? 1 : props.zones.length;
    this.natEips = [];
    const nats: NatGateway[] = [];
    for (let i = 0; i < natCount; i++) {
      const eip = new Eip(this, `NatEip${i}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${props.zones[i]}`, "llm-platform.dev/purpose": "egress" } });
      this.natEips.push(eip);
      nats.push(new NatGateway(this, `Nat${i}`, {
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: { Name: `${props.name}-${props.zones[i]}` },
        dependsOn: [igw],
      }));
    }
    this.privateSubnets.forEach((s, i) => {
      const rt = new RouteTable(this, `PrivateRoutes${i}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natMode === "single" ? 0 : i].id }],
        tags: { Name: `${props.name}-private-${props.zones[i]}` },
      });
      new RouteTableAssociation(this, `PrivateAssoc${i}`, { subnetId: s.id, routeTableId: rt.id });
    });

    this.servingEips = props.zones.map((zone, i) => new Eip(this, `ServingEip${i}`, {
      domain: "vpc",
      tags: { Name: `${props.name}-serving-${zone}`, "llm-platform.dev/purpose": "serving" },
    }));
  }
}
