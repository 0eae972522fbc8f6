import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
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
  /** The AWS region (`us-east-1`): names the S3 gateway endpoint's service. */
  readonly region: string;
  /**
   * @default "single" - one NAT gateway for the region, so a 3-zone region needs 4 Elastic IPs
   * (the default quota is 5); "per-zone" keeps egress when a zone is lost but needs zones x 2
   */
  readonly natGateways?: "single" | "per-zone";
  /** Extra tags on the private subnets, such as Karpenter's discovery tag. @default - none */
  readonly privateSubnetTags?: Readonly<Record<string, string>>;
  /** KMS key that encrypts the flow-log group (its key policy must admit CloudWatch Logs for it). */
  readonly flowLogKmsKeyArn: string;
  /** @default 90 - days flow logs are kept */
  readonly flowLogRetentionDays?: number;
  /**
   * Name tag of one more Elastic IP, for a load balancer that other clusters must reach at
   * an address fixed before it exists (a hub's Alertmanager peer endpoint).
   * @default - none reserved
   */
  readonly peerAddressName?: string;
}

/** The flow-log group of a network named `name`: fixed, so the key policy can name it before it exists. */
export function flowLogGroupName(name: string): string {
  return `/aws/vpc/${name}/flow-logs`;
}

/**
 * A VPC for one EKS region: private subnets for nodes and pods across the zones, public
 * subnets only for load balancers and NAT, NAT egress on Elastic IPs that outlive the
 * gateways (the observability hub allows exactly these), and one Elastic IP per zone
 * reserved for the serving load balancer (the global DNS points at these). An S3 gateway
 * endpoint on the private route tables keeps model-weight reads (tens of GB per worker
 * start) off the NAT gateways; flow logs of all traffic go to a KMS-encrypted log group.
 * No ECR interface endpoints: the platform's images come from public registries (nvcr.io,
 * docker.io, quay.io, registry.k8s.io), not ECR; only the EKS add-ons pull from ECR, a few
 * hundred MB per node.
 */
export class AwsNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly publicSubnets: Subnet[];
  /** Egress addresses of the region, one per NAT gateway. */
  readonly natEips: Eip[];
  /** Addresses for the serving NLB, one per public subnet. */
  readonly servingEips: Eip[];
  /** The peer load balancer's address, when {@link AwsNetworkProps.peerAddressName} is set. */
  readonly peerEip?: Eip;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const natMode = props.natGateways ?? "single";
    const flowLogRetentionDays = props.flowLogRetentionDays ?? 90;
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
      tags: { Name: `${props.name}-private-${zone}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag, ...props.privateSubnetTags },
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
    const privateRts = this.privateSubnets.map((s, i) => {
      const rt = new RouteTable(this, `PrivateRoutes${i}`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natMode === "single" ? 0 : i].id }],
        tags: { Name: `${props.name}-private-${props.zones[i]}` },
      });
      new RouteTableAssociation(this, `PrivateAssoc${i}`, { subnetId: s.id, routeTableId: rt.id });
      return rt;
    });
    // Gateway endpoints cost nothing and S3 traffic through them pays no NAT processing.
    new VpcEndpoint(this, "S3Endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRts.map((rt) => rt.id),
      tags: { Name: `${props.name}-s3` },
    });
    this.addFlowLogs(props.name, props.flowLogKmsKeyArn, flowLogRetentionDays);

    this.servingEips = props.zones.map((zone, i) => new Eip(this, `ServingEip${i}`, {
      domain: "vpc",
      tags: { Name: `${props.name}-serving-${zone}`, "llm-platform.dev/purpose": "serving" },
    }));
    // One address, not one per zone: it is an NLB in a single public subnet, and the
    // region's default quota of 5 already holds the NAT and serving addresses.
    if (props.peerAddressName) this.peerEip = new Eip(this, "PeerEip", {
      domain: "vpc",
      tags: { Name: props.peerAddressName, "llm-platform.dev/purpose": "alertmanager-peer" },
    });
  }

  /** VPC flow logs (all traffic) to an encrypted CloudWatch Logs group, delivered with a role of their own. */
  private addFlowLogs(name: string, kmsKeyArn: string, retentionInDays: number): void {
    const group = new CloudwatchLogGroup(this, "FlowLogs", { name: flowLogGroupName(name), retentionInDays, kmsKeyId: kmsKeyArn });
    const role = new IamRole(this, "FlowLogRole", {
      namePrefix: "vpc-flow-logs-",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    // The delivery permissions of the VPC user guide's flow-logs role, scoped to this group.
    new IamRolePolicy(this, "FlowLogDelivery", {
      role: role.name,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
          Resource: [group.arn, `${group.arn}:*`],
        }],
      }),
    });
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: name },
    });
  }
}
