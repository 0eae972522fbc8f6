import { Construct } from "constructs";
import { Fn, TerraformOutput, TerraformStack, type TerraformRemoteState } from "cdktf";
import { CLOUD_DNS_PROBE_TIMEOUT_SECONDS, effectiveIntervalSeconds } from "../config/failover-budget";
import { stackNames } from "../config/names";
import type { PlatformSettings, RegionConfig } from "../config/schema";
import { CloudDnsAuthority, GcpProjectServices } from "../constructs/gcp";
import { byPriority, regionId, type FederationTarget, type GlobalDnsAuthority, type GlobalDnsProps, type RegionEndpoint } from "../constructs/contracts";
import { Route53Authority } from "../constructs/aws";
import { alertmanagerPeerHost } from "../constructs/prometheus-federation";
import { hubRegionNames } from "../config/hubs";
import { configureBackend, remoteStateOf } from "./backend";
import { endpointsOf, servingAddressCount } from "./cloud-endpoints";
import { MODEL_REPLICATION } from "./model-replication";
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
 * `global`: the DNS record clients call, health-checked per region and routed by
 * `traffic.routing` (Route53, or Cloud DNS when the zone lives in GCP), and model-store
 * replication from the primary region to the other regions of the same cloud. Reads
 * each region's `serving_ips` and `kms_key_arn` from its cluster stack's state, so it
 * is applied last.
 */
export class GlobalStack extends TerraformStack {
  /** The platform's DNS at the configured authority: zone, global record, region records. */
  readonly dns: GlobalDnsAuthority;

  constructor(scope: Construct, props: GlobalStackProps) {
    super(scope, stackNames.global);
    const { settings, regions } = props;
    configureBackend(this, settings.stateBackend, stackNames.global, props.localStateDir);
    const fqdn = `${settings.dns.recordName}.${settings.dns.zone}`;
    const route53 = settings.dns.authority === "route53";
    const ordered = byPriority(regions.map(toEndpointShape));
    // Each cloud with two or more regions replicates its models; the cloud only picks the implementation.
    const replications = (Object.keys(MODEL_REPLICATION) as RegionConfig["cloud"][])
      .map((cloud) => ({ replication: MODEL_REPLICATION[cloud], regions: ordered.filter((r) => r.cloud === cloud) }))
      .filter((r) => r.regions.length > 1);
    const replicationNeeds = (provider: "aws" | "google") => replications.some((r) => r.replication.globalProviders.includes(provider));
    const gcp = settings.gcp;

    const tagged = { settings, stack: stackNames.global };
    const aws = route53 || replicationNeeds("aws") ? awsProvider(this, "aws", { ...tagged, cloudRegion: ROUTE53_HOME_REGION }) : undefined;
    const google = !route53 || replicationNeeds("google") ? googleProvider(this, "google", { ...tagged, project: requireGcp(gcp).projectId }) : undefined;

    // The APIs this stack calls, enabled here so a fresh project needs no manual step.
    const apis = google
      ? new GcpProjectServices(this, "GoogleApis", {
        project: requireGcp(gcp).projectId,
        provider: google,
        services: [
          ...(!route53 ? ["dns.googleapis.com", "compute.googleapis.com"] : []),
          ...replications.flatMap((r) => r.replication.googleApis),
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
    // A load balancer's address is a DNS name or an IP, as the region's cloud builds it.
    const target = (r: RegionConfig, output: string): FederationTarget => ({
      region: r.name,
      addressKind: endpointsOf(r).loadBalancer.addressKind,
      address: platformStates.get(r.name)!.getString(output),
    });
    const federationTargets = () => regions.map((r) => target(r, "federation_endpoint"));
    // alertmanager.<hub>.<zone>: where each hub's Alertmanager peers dial the other.
    const hubs = hubRegionNames(settings);
    const peerTargets = () => regions.filter((r) => hubs.length > 1 && hubs.includes(r.name)).map((r) => target(r, "alertmanager_peer_endpoint"));
    const endpoints: RegionEndpoint[] = regions.map((r) => ({
      ...toEndpointShape(r),
      servingIps: Array.from({ length: servingAddressCount(r) }, (_, i) => Fn.element(states[r.name].getList("serving_ips"), i) as string),
    }));

    const record: GlobalDnsProps = {
      fqdn,
      routing: settings.traffic.routing,
      ttlSeconds: settings.dns.ttlSeconds,
      healthCheck: { ...settings.traffic.healthCheck, requestIntervalSeconds: effectiveIntervalSeconds(settings) },
      endpoints,
    };
    // The one place this stack branches on the DNS authority.
    this.dns = route53
      ? new Route53Authority(this, { zone: settings.dns.zone, zoneId: settings.dns.zoneId, record, namePrefix: settings.name, provider: aws })
      : new CloudDnsAuthority(this, {
        zone: settings.dns.zone,
        zoneId: settings.dns.zoneId,
        managedZoneName: `${settings.name}-global`,
        project: requireGcp(gcp).projectId,
        record,
        healthCheckName: `${settings.name}-global-serving`,
        probeTimeoutSeconds: CLOUD_DNS_PROBE_TIMEOUT_SECONDS,
        provider: google,
        dependsOn: apis,
      });
    this.dns.addRegionRecords("Federation", federationTargets());
    this.dns.addRegionRecords("AlertmanagerPeers", peerTargets(), alertmanagerPeerHost);
    new TerraformOutput(this, "endpoint", { value: `https://${fqdn}` });

    // Weights published in the primary region of each cloud reach the others of that cloud.
    for (const { replication, regions: replicated } of replications) {
      replication.add(this, { settings, regions: replicated, clusterState: (r) => states[r], google, googleApis: apis });
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
