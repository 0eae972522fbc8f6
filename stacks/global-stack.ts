import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, type TerraformRemoteState } from "cdktf";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { CLOUD_DNS_PROBE_TIMEOUT_SECONDS, effectiveIntervalSeconds } from "../config/failover-budget";
import { modelBucketName, stackNames } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import { CloudDnsFederationRecords, CloudDnsGlobalDns, GcpProjectServices, GcsModelReplication } from "../constructs/gcp";
import { byPriority, regionId, type RegionEndpoint } from "../constructs/contracts";
import { Route53FederationRecords, Route53GlobalDns, S3ModelReplication } from "../constructs/aws";
import { alertmanagerPeerHost } from "../constructs/prometheus-federation";
import { hubRegionNames } from "../config/hubs";
import { configureBackend, remoteStateOf } from "./backend";
import { awsProvider, googleProvider } from "./providers";

/** Props of {@link GlobalStack}. */
export interface GlobalStackProps {
  readonly settings: PlatformSettings;
  /** Every region; a region removed from `regions/` loses its records here. */
  readonly regions: readonly RegionConfig[];
  /** Local state folder, relative to the stack's working directory. */
  readonly localStateDir: string;
}

/** Route53 is a global service whose API lives in us-east-1. */
const ROUTE53_HOME_REGION = "us-east-1";

/**
 * How many static serving addresses a region's cluster stack outputs as `serving_ips`:
 * one Elastic IP per zone on AWS (one per NLB subnet), one regional address on GCP.
 * Known at synth, so each address gets its own health check with a stable id.
 */
export function servingAddressCount(region: Pick<RegionConfig, "cloud" | "network">): number {
  return region.cloud === "aws" ? region.network.zones.length : 1;
}

/**
 * `global`: the DNS record clients call, health-checked per region and routed by
 * `traffic.routing` (Route53, or Cloud DNS when the zone lives in GCP), and model-store
 * replication from the primary region to the other regions of the same cloud. Reads
 * each region's `serving_ips` and `kms_key_arn` from its cluster stack's state, so it
 * is applied last.
 */
export class GlobalStack extends TerraformStack {
  /** The global record's DNS construct of the configured authority. */
  readonly dns: Route53GlobalDns | CloudDnsGlobalDns;

  constructor(scope: Construct, props: GlobalStackProps) {
    super(scope, stackNames.global);
    const { settings, regions } = props;
    configureBackend(this, settings.stateBackend, stackNames.global, props.localStateDir);
    const fqdn = `${settings.dns.recordName}.${settings.dns.zone}`;
    const route53 = settings.dns.authority === "route53";
    const ordered = byPriority(regions.map(toEndpointShape));
    const awsRegions = ordered.filter((r) => r.cloud === "aws");
    const gcpRegions = ordered.filter((r) => r.cloud === "gcp");
    const gcp = settings.gcp;

    const tagged = { settings, stack: stackNames.global };
    const aws = route53 || awsRegions.length > 1 ? awsProvider(this, "aws", { ...tagged, cloudRegion: ROUTE53_HOME_REGION }) : undefined;
    const google = !route53 || gcpRegions.length > 1 ? googleProvider(this, "google", { ...tagged, project: requireGcp(gcp).projectId }) : undefined;

    // The APIs this stack calls, enabled here so a fresh project needs no manual step.
    const apis = google
      ? new GcpProjectServices(this, "GoogleApis", {
        project: requireGcp(gcp).projectId,
        provider: google,
        services: [
          ...(!route53 ? ["dns.googleapis.com", "compute.googleapis.com"] : []),
          ...(gcpRegions.length > 1 ? ["storagetransfer.googleapis.com", "pubsub.googleapis.com", "storage.googleapis.com"] : []),
        ],
      }).services
      : [];

    const stateScope = new Construct(this, "Clusters");
    const states: Record<string, TerraformRemoteState> = {};
    for (const r of regions) {
      states[r.name] = remoteStateOf(stateScope, regionId(r.name), settings.stateBackend, stackNames.cluster(r.name), props.localStateDir);
    }
    // Each region's federation load balancer, from its platform stack's state.
    const platformScope = new Construct(this, "Platforms");
    const platformStates = new Map(regions.map((r) => [r.name, remoteStateOf(platformScope, regionId(r.name), settings.stateBackend, stackNames.platform(r.name), props.localStateDir)] as const));
    // AWS NLBs are reached by DNS name, GCP load balancers by IP address.
    const addressKind = (r: RegionConfig) => (r.cloud === "aws" ? "hostname" as const : "ip" as const);
    const federationTargets = () => regions.map((r) => ({ region: r.name, addressKind: addressKind(r), address: platformStates.get(r.name)!.getString("federation_endpoint") }));
    // alertmanager.<hub>.<zone>: where each hub's Alertmanager peers dial the other.
    const hubs = hubRegionNames(settings);
    const peerTargets = () => regions.filter((r) => hubs.length > 1 && hubs.includes(r.name))
      .map((r) => ({ region: r.name, addressKind: addressKind(r), address: platformStates.get(r.name)!.getString("alertmanager_peer_endpoint") }));
    const endpoints: RegionEndpoint[] = regions.map((r) => ({
      ...toEndpointShape(r),
      servingIps: Array.from({ length: servingAddressCount(r) }, (_, i) => Fn.element(states[r.name].getList("serving_ips"), i) as string),
    }));

    const common = {
      fqdn,
      routing: settings.traffic.routing,
      ttlSeconds: settings.dns.ttlSeconds,
      healthCheck: { ...settings.traffic.healthCheck, requestIntervalSeconds: effectiveIntervalSeconds(settings) },
      endpoints,
    };
    if (route53) {
      let zoneId = settings.dns.zoneId;
      if (!zoneId) {
        const zone = new Route53Zone(this, "Zone", { provider: aws, name: settings.dns.zone, lifecycle: { preventDestroy: true } });
        zoneId = zone.zoneId;
        new TerraformOutput(this, "name_servers", { value: zone.nameServers, description: "Delegate the zone to these." });
      }
      this.dns = new Route53GlobalDns(this, "Dns", { ...common, zoneId, namePrefix: settings.name });
      new Route53FederationRecords(this, "Federation", { zone: settings.dns.zone, targets: federationTargets(), zoneId, provider: aws });
      new Route53FederationRecords(this, "AlertmanagerPeers", { zone: settings.dns.zone, targets: peerTargets(), zoneId, provider: aws, hostName: alertmanagerPeerHost });
    } else {
      const project = requireGcp(gcp).projectId;
      let managedZone = settings.dns.zoneId;
      if (!managedZone) {
        const zone = new DnsManagedZone(this, "Zone", {
          provider: google,
          project,
          name: `${settings.name}-global`,
          dnsName: `${settings.dns.zone}.`,
          dnssecConfig: { state: "on" },
          lifecycle: { preventDestroy: true },
          dependsOn: apis,
        });
        managedZone = zone.name;
        new TerraformOutput(this, "name_servers", { value: zone.nameServers, description: "Delegate the zone to these." });
      }
      this.dns = new CloudDnsGlobalDns(this, "Dns", {
        ...common,
        managedZone,
        project,
        healthCheckName: `${settings.name}-global-serving`,
        probeTimeoutSeconds: CLOUD_DNS_PROBE_TIMEOUT_SECONDS,
      });
      new CloudDnsFederationRecords(this, "Federation", {
        zone: settings.dns.zone,
        targets: federationTargets(),
        managedZone,
        project,
        provider: google,
      });
      new CloudDnsFederationRecords(this, "AlertmanagerPeers", {
        zone: settings.dns.zone,
        targets: peerTargets(),
        managedZone,
        project,
        provider: google,
        hostName: alertmanagerPeerHost,
      });
    }
    new TerraformOutput(this, "endpoint", { value: `https://${fqdn}` });

    // Weights published in the primary region of each cloud reach the others of that cloud.
    if (awsRegions.length > 1) {
      const [source, ...rest] = awsRegions;
      const ref = (r: EndpointShape) => ({ region: r.name, bucketName: modelBucketName(settings.name, r.name), kmsKeyArn: states[r.name].getString("kms_key_arn") });
      const provider = awsProvider(this, "aws_models", { ...tagged, alias: "models", cloudRegion: source.cloudRegion });
      new S3ModelReplication(this, "ModelReplication", {
        source: ref(source),
        destinations: rest.map(ref),
        provider,
        roleName: `${settings.name}-model-replication`,
      });
    }
    if (gcpRegions.length > 1) {
      const [source, ...rest] = gcpRegions;
      const ref = (r: EndpointShape) => ({ region: r.name, bucketName: modelBucketName(settings.name, r.name) });
      const { projectId } = requireGcp(gcp);
      new GcsModelReplication(this, "GcsModelReplication", { source: ref(source), destinations: rest.map(ref), project: projectId, provider: google, dependsOn: apis });
    }
  }
}

type EndpointShape = Omit<RegionEndpoint, "servingIps">;

function toEndpointShape(r: RegionConfig): EndpointShape {
  return { name: r.name, cloud: r.cloud, cloudRegion: r.region, priority: r.traffic.priority, weight: r.traffic.weight };
}

function requireGcp(gcp: PlatformSettings["gcp"]): NonNullable<PlatformSettings["gcp"]> {
  if (!gcp) throw new Error("global: platform settings have no gcp section (validation should have caught this)");
  return gcp;
}
