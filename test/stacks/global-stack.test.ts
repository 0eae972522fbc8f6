import { Testing } from "cdktf";
import type { PlatformConfig, PlatformSettings, RegionConfig } from "../../config/schema";
import { AwsClusterStack } from "../../stacks/aws-cluster-stack";
import { buildApp } from "../../stacks/app";
import { GcpClusterStack } from "../../stacks/gcp-cluster-stack";
import { servingAddressCount } from "../../stacks/cloud-endpoints";
import { GlobalStack } from "../../stacks/global-stack";
import { defaultConfig, defaultRegion, liveConfig, synthJson } from "../helpers";
import { sharedStackJson } from "../shared-synth";

type Resources = Record<string, Record<string, unknown>>;

/** The default topology with the traffic and DNS settings replaced. */
function settingsWith(change: {
  routing?: PlatformSettings["traffic"]["routing"];
  dns?: Partial<PlatformSettings["dns"]>;
}): PlatformSettings {
  const s = defaultConfig().settings;
  return {
    ...s,
    dns: { ...s.dns, ...change.dns },
    traffic: { ...s.traffic, routing: change.routing ?? s.traffic.routing },
  };
}

/** A second GCP region, so GCS replication has a destination. */
const europeWest4: RegionConfig = {
  ...defaultRegion("asia-south1"),
  name: "europe-west4",
  region: "europe-west4",
  network: { cidr: "10.40.0.0/16", zones: ["europe-west4-a", "europe-west4-b"], natGateways: "per-zone" },
  traffic: { priority: 4, weight: 1 },
};

function synthGlobal(settings: PlatformSettings, regions: readonly RegionConfig[] = defaultConfig().regions) {
  const props = { settings, regions, localStateDir: "../../.." };
  return sharedStackJson(["global", props], () => Testing.synth(new GlobalStack(Testing.app(), props))) as ReturnType<typeof synthJson> & { data: Record<string, Resources>; provider: Record<string, unknown[]> };
}

/** The routing records of the global name (federation.<region>, alertmanager.<hub> and the per-region names apart). */
const records = (json: { resource: Record<string, Resources> }) =>
  Object.values(json.resource.aws_route53_record ?? {}).filter((r) => !/^(federation|alertmanager)\./.test(String(r.name)) && r.set_identifier !== undefined);
const byIdentifier = (json: { resource: Record<string, Resources> }, id: string) => records(json).find((r) => r.set_identifier === id)!;

describe("global stack, Route53 (default)", () => {
  const json = synthGlobal(defaultConfig().settings);

  test("snapshot of the default topology", () => {
    // The one snapshot of the global stack follows the live regions/; the assertions around it use the fixture.
    expect(Testing.synth(new GlobalStack(Testing.app(), { ...liveConfig(), localStateDir: "../../.." }))).toMatchSnapshot();
  });

  test("probes every static serving address over HTTPS with the FQDN for SNI, at the configured interval and threshold", () => {
    const probes = Object.values(json.resource.aws_route53_health_check).filter((h) => h.type === "HTTPS");
    // 3 + 3 Elastic IPs (one per zone) on AWS, one reserved address on GCP.
    expect(probes).toHaveLength(7);
    for (const p of probes) {
      expect(p).toMatchObject({
        port: 443,
        fqdn: "api.llm.example.com",
        enable_sni: true,
        resource_path: "/-/healthz",
        request_interval: 10,
        failure_threshold: 2,
        regions: ["us-east-1", "eu-west-1", "ap-southeast-1"],
      });
      // The address comes from the cluster stack's declared output, not a hidden cross-stack one.
      expect(p.ip_address).toMatch(/^\$\{element\(data\.terraform_remote_state\.Clusters_\w+\.outputs\.serving_ips, \d\)\}$/);
    }
  });

  test("a region is healthy while any of its addresses is (calculated check over its probes)", () => {
    const calculated = Object.values(json.resource.aws_route53_health_check).filter((h) => h.type === "CALCULATED");
    expect(calculated.map((c) => [c.tags, (c.child_healthchecks as string[]).length, c.child_health_threshold])).toEqual([
      [{ Name: "llmp-asia-south1" }, 1, 1],
      [{ Name: "llmp-eu-west-1" }, 3, 1],
      [{ Name: "llmp-us-east-1" }, 3, 1],
    ]);
  });

  test("failover chains the ordered regions: primary, then tier-2 (eu-west-1), then asia-south1", () => {
    expect(byIdentifier(json, "us-east-1")).toMatchObject({ name: "api.llm.example.com", failover_routing_policy: { type: "PRIMARY" }, ttl: 10, type: "A" });
    // Route53 has only PRIMARY/SECONDARY: the secondary of the top tier is an alias to the next tier.
    expect(byIdentifier(json, "tier-2")).toMatchObject({
      name: "api.llm.example.com",
      failover_routing_policy: { type: "SECONDARY" },
      alias: { name: "tier-2.api.llm.example.com", evaluate_target_health: true },
    });
    expect(byIdentifier(json, "tier-2").ttl).toBeUndefined();
    expect(byIdentifier(json, "eu-west-1")).toMatchObject({ name: "tier-2.api.llm.example.com", failover_routing_policy: { type: "PRIMARY" } });
    expect(byIdentifier(json, "asia-south1")).toMatchObject({ name: "tier-2.api.llm.example.com", failover_routing_policy: { type: "SECONDARY" } });
    // Every region record carries its region's health check, or Route53 would never fail over.
    for (const id of ["us-east-1", "eu-west-1", "asia-south1"]) expect(byIdentifier(json, id).health_check_id).toMatch(/aws_route53_health_check\.\w+\.id/);
  });

  test("records point at the static addresses with the short TTL, never at a load balancer alias (60 s TTL)", () => {
    const us = byIdentifier(json, "us-east-1");
    expect(us.alias).toBeUndefined();
    expect(us.records).toHaveLength(3);
  });

  test("creates the zone when no zoneId is given and outputs its name servers for delegation", () => {
    expect(json.resource.aws_route53_zone.Zone).toMatchObject({ name: "llm.example.com", lifecycle: { prevent_destroy: true } });
    expect(json.output).toHaveProperty("name_servers");
  });

  test("writes into an existing hosted zone when dns.zoneId is set (no lookup: synth and plan stay offline)", () => {
    const withZone = synthGlobal(settingsWith({ dns: { zoneId: "Z0123456789ABCDEFGHIJ" } }));
    expect(withZone.resource.aws_route53_zone).toBeUndefined();
    expect(records(withZone).every((r) => r.zone_id === "Z0123456789ABCDEFGHIJ")).toBe(true);
  });

  test("reads each region's cluster state from the key its backend gave it", () => {
    expect(json.data.terraform_remote_state).toMatchObject({
      Clusters_UsEast_1_47E1275A: { backend: "local", config: { path: "../../../us-east-1-cluster.tfstate" } },
    });
  });
});

describe("global stack, other routing modes on Route53", () => {
  test("latency: one latency record per region; the GCP region answers for the nearest AWS region", () => {
    const json = synthGlobal(settingsWith({ routing: "latency" }));
    expect(records(json).map((r) => [r.set_identifier, r.name, r.latency_routing_policy])).toEqual([
      ["asia-south1", "api.llm.example.com", { region: "ap-south-1" }],
      ["eu-west-1", "api.llm.example.com", { region: "eu-west-1" }],
      ["us-east-1", "api.llm.example.com", { region: "us-east-1" }],
    ]);
  });

  test("weighted: one weighted record per region with the region's weight", () => {
    const json = synthGlobal(settingsWith({ routing: "weighted" }));
    expect(records(json).map((r) => [r.set_identifier, r.weighted_routing_policy])).toEqual([
      ["asia-south1", { weight: 1 }],
      ["eu-west-1", { weight: 1 }],
      ["us-east-1", { weight: 2 }],
    ]);
  });

  test("a region removed from regions/ loses its records and health checks", () => {
    const json = synthGlobal(defaultConfig().settings, defaultConfig().regions.filter((r) => r.name !== "eu-west-1"));
    const text = JSON.stringify(json.resource);
    expect(text).not.toContain("eu-west-1-cluster");
    expect(text).not.toContain("llmp-eu-west-1");
    // Two regions left: a plain PRIMARY/SECONDARY pair, no tier alias.
    expect(records(json).map((r) => [r.set_identifier, (r.failover_routing_policy as { type: string }).type])).toEqual([
      ["asia-south1", "SECONDARY"],
      ["us-east-1", "PRIMARY"],
    ]);
  });

  test("a lone region gets a PRIMARY record with its health check", () => {
    const json = synthGlobal(defaultConfig().settings, [defaultRegion("us-east-1")]);
    expect(records(json)).toHaveLength(1);
    expect(records(json)[0]).toMatchObject({ failover_routing_policy: { type: "PRIMARY" } });
  });
});

describe("global stack, Cloud DNS", () => {
  const cloudDns = (routing: PlatformSettings["traffic"]["routing"]) => synthGlobal(settingsWith({ routing, dns: { authority: "cloud-dns" } }));
  // The serving record set (the federation.<region> and alertmanager.<hub> sets are beside it).
  const recordSet = (json: { resource: Record<string, Resources> }) => Object.values(json.resource.google_dns_record_set).find((r) => String(r.name).startsWith("api."))!;

  test("one global HTTPS health check from three source regions, at Cloud DNS's 30 s minimum interval", () => {
    const json = cloudDns("failover");
    expect(Object.values(json.resource.google_compute_health_check)[0]).toMatchObject({
      check_interval_sec: 30,
      timeout_sec: 5,
      unhealthy_threshold: 2,
      source_regions: ["us-east4", "europe-west1", "asia-southeast1"],
      https_health_check: { port: 443, host: "api.llm.example.com", request_path: "/-/healthz" },
    });
    expect(json.resource.aws_route53_record).toBeUndefined();
  });

  test("failover: primary is the priority-1 region; the others are health-checked backups", () => {
    const policy = recordSet(cloudDns("failover")).routing_policy as Record<string, Record<string, unknown>>;
    expect(policy.health_check).toMatch(/google_compute_health_check/);
    expect((policy.primary_backup.primary as { external_endpoints: string[] }).external_endpoints).toHaveLength(3);
    expect((policy.primary_backup.backup_geo as { location: string }[]).map((b) => b.location)).toEqual(["europe-west2", "asia-south1"]);
  });

  test("latency: a geo item per region; AWS regions route as their nearest GCP region", () => {
    const policy = recordSet(cloudDns("latency")).routing_policy as { geo: { location: string }[] };
    expect(policy.geo.map((g) => g.location)).toEqual(["asia-south1", "europe-west2", "us-east4"]);
  });

  test("weighted: a wrr item per region with its weight", () => {
    const policy = recordSet(cloudDns("weighted")).routing_policy as { wrr: { weight: number }[] };
    expect(policy.wrr.map((w) => w.weight)).toEqual([1, 1, 2]);
  });

  test("the record set is the FQDN with the trailing dot, in the created managed zone", () => {
    const json = cloudDns("failover");
    expect(recordSet(json)).toMatchObject({ name: "api.llm.example.com.", type: "A", ttl: 10 });
    expect(Object.values(json.resource.google_dns_managed_zone)[0]).toMatchObject({ dns_name: "llm.example.com.", dnssec_config: { state: "on" } });
  });
});

describe("model replication", () => {
  test("S3: the priority-1 AWS region replicates to the other AWS regions with RTC, per-destination KMS, no deletes", () => {
    const json = synthGlobal(defaultConfig().settings);
    const rules = Object.values(json.resource.aws_s3_bucket_replication_configuration)[0];
    expect(rules).toMatchObject({ bucket: "llmp-us-east-1-models", provider: "aws.models" });
    expect(rules.rule).toEqual([expect.objectContaining({
      id: "to-eu-west-1",
      status: "Enabled",
      delete_marker_replication: { status: "Disabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: expect.objectContaining({
        bucket: "arn:aws:s3:::llmp-eu-west-1-models",
        // Replication time control replicates 99.99% of objects within 15 minutes; S3 requires metrics with it.
        replication_time: { status: "Enabled", time: { minutes: 15 } },
        metrics: { status: "Enabled", event_threshold: { minutes: 15 } },
        encryption_configuration: { replica_kms_key_id: expect.stringContaining("Clusters_EuWest_1") },
      }),
    })]);
    // The replication provider runs in the source bucket's region.
    expect(json.provider.aws).toContainEqual(expect.objectContaining({ alias: "models", region: "us-east-1" }));
  });

  test("S3: the source follows the failover order, not the file order", () => {
    const regions = defaultConfig().regions.map((r) => ({ ...r, traffic: { ...r.traffic, priority: r.name === "eu-west-1" ? 1 : r.traffic.priority + 1 } }));
    const json = synthGlobal(defaultConfig().settings, regions);
    expect(Object.values(json.resource.aws_s3_bucket_replication_configuration)[0].bucket).toBe("llmp-eu-west-1-models");
  });

  test("GCS: with two GCP regions, a Storage Transfer replication job copies the GCP primary's bucket to the other", () => {
    const json = synthGlobal(defaultConfig().settings, [...defaultConfig().regions, europeWest4]);
    const jobs = Object.values(json.resource.google_storage_transfer_job);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].replication_spec).toEqual({
      gcs_data_source: { bucket_name: "llmp-asia-south1-models" },
      gcs_data_sink: { bucket_name: "llmp-europe-west4-models" },
      transfer_options: { overwrite_when: "DIFFERENT" },
    });
    // Replication jobs must not carry a custom name.
    expect(jobs[0].name).toBeUndefined();
    const grants = Object.values(json.resource.google_storage_bucket_iam_member).map((g) => [g.bucket, g.role]);
    expect(grants).toContainEqual(["llmp-asia-south1-models", "roles/storage.legacyBucketOwner"]);
    expect(grants).toContainEqual(["llmp-europe-west4-models", "roles/storage.legacyBucketWriter"]);
  });

  test("no replication and no google provider with one GCP region and Route53 (the default topology)", () => {
    const json = synthGlobal(defaultConfig().settings);
    expect(json.resource.google_storage_transfer_job).toBeUndefined();
    expect(json.provider.google).toBeUndefined();
  });

  test("both ends are versioned, KMS-encrypted, public-blocked buckets in the cluster layer (replication needs versioning)", () => {
    for (const r of defaultConfig().regions) {
      const props = { settings: defaultConfig().settings, region: r, localStateDir: "../../.." };
      const cluster = synthJson(r.cloud === "aws" ? new AwsClusterStack(Testing.app(), props) : new GcpClusterStack(Testing.app(), props));
      if (r.cloud === "aws") {
        expect(Object.values(cluster.resource.aws_s3_bucket_versioning)[0]).toMatchObject({ versioning_configuration: { status: "Enabled" } });
        expect(Object.values(cluster.resource.aws_s3_bucket_public_access_block)[0]).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
        expect(JSON.stringify(cluster.resource.aws_s3_bucket_server_side_encryption_configuration)).toContain("aws:kms");
      } else {
        expect(Object.values(cluster.resource.google_storage_bucket)[0]).toMatchObject({ versioning: { enabled: true }, public_access_prevention: "enforced" });
      }
    }
  });
});

describe("contract with the cluster stacks", () => {
  test("servingAddressCount matches the length of each cluster stack's serving_ips output", () => {
    for (const r of defaultConfig().regions) {
      const props = { settings: defaultConfig().settings, region: r, localStateDir: "../../.." };
      const cluster = synthJson(r.cloud === "aws" ? new AwsClusterStack(Testing.app(), props) : new GcpClusterStack(Testing.app(), props));
      const outputs = cluster.output as Record<string, { value: unknown[] }>;
      expect(outputs.serving_ips.value).toHaveLength(servingAddressCount(r));
    }
  });

  test("the global stack depends on every cluster and platform stack, so cdktf deploy applies it last", () => {
    const config: PlatformConfig = defaultConfig();
    const app = buildApp(config, { outdir: "unused" });
    const global = app.node.findChild("global") as GlobalStack;
    expect(global.dependencies.map((d) => d.node.id).sort()).toEqual([
      "asia-south1-cluster", "asia-south1-platform", "eu-west-1-cluster", "eu-west-1-platform", "us-east-1-cluster", "us-east-1-platform",
    ]);
  });
});

describe("federation names", () => {
  // The hub scrapes federation.<region>.<zone> and checks TLS against that name; each
  // points at the region's federation load balancer, read from its platform stack's state.
  test("one per region: a CNAME to the NLB on AWS, an A record on GCP, from the platform stack's output", () => {
    const json = synthGlobal(defaultConfig().settings);
    const fed = Object.values(json.resource.aws_route53_record as Resources).filter((r) => String(r.name).startsWith("federation."));
    expect(fed.map((r) => [r.name, r.type, r.ttl, r.records])).toEqual([
      ["federation.asia-south1.llm.example.com", "A", 60, ["${data.terraform_remote_state.Platforms_AsiaSouth1_8CF8E9B0.outputs.federation_endpoint}"]],
      ["federation.eu-west-1.llm.example.com", "CNAME", 60, ["${data.terraform_remote_state.Platforms_EuWest_1_8162193A.outputs.federation_endpoint}"]],
      ["federation.us-east-1.llm.example.com", "CNAME", 60, ["${data.terraform_remote_state.Platforms_UsEast_1_ABB1756E.outputs.federation_endpoint}"]],
    ]);
  });

  // Each hub's Alertmanager dials the other's peer load balancer at alertmanager.<hub>.<zone>.
  test("one alertmanager.<hub> name per hub, from the hub platform stack's output; none for other regions", () => {
    const json = synthGlobal(defaultConfig().settings);
    const peers = Object.values(json.resource.aws_route53_record as Resources).filter((r) => String(r.name).startsWith("alertmanager."));
    expect(peers.map((r) => [r.name, r.type, r.records])).toEqual([
      ["alertmanager.asia-south1.llm.example.com", "A", ["${data.terraform_remote_state.Platforms_AsiaSouth1_8CF8E9B0.outputs.alertmanager_peer_endpoint}"]],
      ["alertmanager.us-east-1.llm.example.com", "CNAME", ["${data.terraform_remote_state.Platforms_UsEast_1_ABB1756E.outputs.alertmanager_peer_endpoint}"]],
    ]);
  });
});
