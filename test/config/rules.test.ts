import { problems, rawDefault, regionOf } from "./fixtures";

// Each rule in config/rules.ts, broken once on the default topology; the message must
// name file, field, the value received and what is allowed.
describe("region rules", () => {
  test("fails when the cloud region is not in the catalog", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").region = "eu-west-9";
    expect(problems(raw)[0]).toMatch(/^regions\/eu-west-1\.ts: region: must be an AWS region in catalog\/aws\.ts \(us-east-1, .*\), got "eu-west-9"$/);
  });

  test("fails when a zone does not belong to the region", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").network.zones[2] = "us-east-1a";
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: network.zones[2]: must be a zone of eu-west-1 (eu-west-1a, eu-west-1b, eu-west-1c), got "us-east-1a"',
    ]);
  });

  test("fails when a zone repeats", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").network.zones[1] = "eu-west-1a";
    expect(problems(raw)).toEqual(['regions/eu-west-1.ts: network.zones[1]: must not repeat a zone, got "eu-west-1a" twice']);
  });

  test("fails when an EKS region has one zone", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").network.zones = ["eu-west-1a"];
    expect(problems(raw)).toEqual(["regions/eu-west-1.ts: network.zones: must list at least 2 zones (EKS needs subnets in two), got 1"]);
  });

  test("fails when the CIDR prefix leaves no room or is too big", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").network.cidr = "10.20.0.0/24";
    expect(problems(raw)).toEqual(['regions/eu-west-1.ts: network.cidr: must have a prefix between /16 and /20, got "10.20.0.0/24"']);
  });

  test("fails when the Kubernetes API is opened to the internet", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").cluster.endpointAllowedCidrs = ["0.0.0.0/0"];
    expect(problems(raw)[0]).toMatch(/^regions\/us-east-1\.ts: cluster\.endpointAllowedCidrs\[0\]: must not open the Kubernetes API to the internet.*got "0\.0\.0\.0\/0"$/);
  });

  test("fails when the serving endpoint is open to the internet without public: true", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").serving.allowedSourceCidrs = ["0.0.0.0/0"];
    expect(problems(raw)).toEqual([
      `regions/us-east-1.ts: serving.allowedSourceCidrs[0]: opens the serving endpoint to the internet; list your clients' ranges or set serving.public: true to mean it, got "0.0.0.0/0"`,
    ]);
    regionOf(raw, "us-east-1").serving.public = true;
    expect(problems(raw)).toEqual([]);
  });

  test("fails when the Kubernetes version is not supported", () => {
    const raw = rawDefault();
    regionOf(raw, "asia-south1").cluster.kubernetesVersion = "1.27";
    expect(problems(raw)).toEqual(['regions/asia-south1.ts: cluster.kubernetesVersion: must be one of the GKE versions in catalog/kubernetes-versions.ts (1.31, 1.32, 1.33, 1.34, 1.35), got "1.27"']);
  });

  test("fails when the system pool uses a GPU type or an unknown type", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").systemPool.instanceType = "g6.xlarge";
    regionOf(raw, "eu-west-1").systemPool.instanceType = "m99.huge";
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: systemPool.instanceType: must be an AWS type in catalog/aws.ts without GPUs, got "m99.huge"',
      'regions/us-east-1.ts: systemPool.instanceType: must be a type without GPUs (GPU types belong in gpuPools), got "g6.xlarge"',
    ]);
  });

  test("fails when the GPU model does not match the instance type", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[0].gpu = "A10G";
    expect(problems(raw)).toContain('regions/us-east-1.ts: gpuPools[0].gpu: must match the GPUs of g6.12xlarge (L4), got "A10G"');
  });

  test("fails when the instance family is not offered in the region", () => {
    const raw = rawDefault();
    Object.assign(regionOf(raw, "eu-west-1").gpuPools[0], { gpu: "H100-80GB", instanceType: "p5.48xlarge", fallbackInstanceTypes: [] });
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: gpuPools[0].instanceType: p5 is not offered in eu-west-1 (offered: g4dn, g5, g6, p4d), got "p5.48xlarge"',
    ]);
  });

  test("fails when a GCP zone does not offer the GPU", () => {
    const raw = rawDefault();
    regionOf(raw, "asia-south1").network.zones = ["asia-south1-a", "asia-south1-c"];
    Object.assign(regionOf(raw, "asia-south1").gpuPools[0], { gpu: "T4", instanceType: "n1-standard-8" });
    // n1 with T4 is not in the catalog: the type is rejected first, listing what would fit.
    expect(problems(raw)[0]).toBe('regions/asia-south1.ts: gpuPools[0].instanceType: must be a GCP GPU type from the catalog (for T4: none), got "n1-standard-8"');
  });

  test("fails when spot is asked for a type never sold as spot", () => {
    const raw = rawDefault();
    Object.assign(regionOf(raw, "us-east-1").gpuPools[1], { gpu: "A100-80GB", instanceType: "p4de.24xlarge", capacityType: "spot" });
    expect(problems(raw)).toContain('regions/us-east-1.ts: gpuPools[1].instanceType: p4de.24xlarge is not sold as spot; drop "spot" from the capacity types or this type, got capacity types ["spot"]');
  });

  test("fails when a node OS belongs to the other cloud", () => {
    const raw = rawDefault();
    regionOf(raw, "asia-south1").gpuPools[0].nodeOs = "bottlerocket-nvidia";
    regionOf(raw, "us-east-1").gpuPools[0].driverManagement = "gpu-operator";
    expect(problems(raw)).toEqual([
      'regions/asia-south1.ts: gpuPools[0].nodeOs: must be one of cos on GCP, got "bottlerocket-nvidia"',
      'regions/us-east-1.ts: gpuPools[0].driverManagement: must be "cloud" on AWS (the EKS NVIDIA AMIs ship the driver), got "gpu-operator"',
    ]);
  });

  test("fails when pool names repeat", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[1].name = "l4";
    expect(problems(raw)).toContain('regions/us-east-1.ts: gpuPools[1].name: must be unique within the region, got "l4" twice');
  });

  test("fails when time-slicing has no replicas, or replicas come without it", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[0].sharing = { mode: "time-slicing" };
    regionOf(raw, "eu-west-1").gpuPools[0].sharing = { mode: "none", replicas: 4 };
    expect(problems(raw)).toEqual([
      'regions/eu-west-1.ts: gpuPools[0].sharing.replicas: is only allowed with mode "time-slicing", got 4 with mode "none"',
      "regions/us-east-1.ts: gpuPools[0].sharing.replicas: is required for time-slicing (pods per GPU, 2..48), got nothing",
    ]);
  });

  test("fails when MIG is asked of a GPU without MIG", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").gpuPools[0].sharing = { mode: "mig", strategy: "single", profile: "1g.10gb" };
    expect(problems(raw)[0]).toMatch(/^regions\/us-east-1\.ts: gpuPools\[0\]\.sharing\.mode: L4 does not support MIG \(MIG GPUs: A100-40GB, A100-80GB, H100-80GB\), got "mig"$/);
  });

  test("fails when the MIG profile is not one of the GPU's", () => {
    const raw = rawDefault();
    Object.assign(regionOf(raw, "us-east-1").gpuPools[1], {
      gpu: "H100-80GB",
      instanceType: "p5.48xlarge",
      sharing: { mode: "mig", strategy: "single", profile: "3g.20gb" },
    });
    expect(problems(raw)).toContain(
      'regions/us-east-1.ts: gpuPools[1].sharing.profile: must be a MIG profile of H100-80GB (1g.10gb, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb), got "3g.20gb"',
    );
  });

  test("fails when a model names a pool the region lacks, or an unknown model", () => {
    const raw = rawDefault();
    regionOf(raw, "eu-west-1").models[0].pool = "h100";
    regionOf(raw, "eu-west-1").models[0].model = "acme/unknown-7b";
    const all = problems(raw);
    expect(all).toContain('regions/eu-west-1.ts: models[0].pool: must name a GPU pool of this region (l4), got "h100"');
    expect(all.some((m) => /^regions\/eu-west-1\.ts: models\[0\]\.model: must be a model in catalog\/models\.ts \(.*\), got "acme\/unknown-7b"$/.test(m))).toBe(true);
  });

  test("fails when a derived resource name is too long, naming the resource and its limit", () => {
    const raw = rawDefault();
    // 30 characters is exactly the GCP service account limit: allowed.
    regionOf(raw, "asia-south1").name = "asia-south1-primar";
    raw.settings.data.observability.hubs.standby = "asia-south1-primar";
    expect(problems(raw)).toEqual([]);
    regionOf(raw, "asia-south1").name = "asia-south1-primary";
    raw.settings.data.observability.hubs.standby = "asia-south1-primary";
    expect(problems(raw)).toEqual([
      'regions/asia-south1.ts: name: is too long: the model reader service account id "llmp-asia-south1-primary-reader" has 31 characters, at most 30 allowed; shorten the region or platform name',
    ]);
  });
});

describe("platform rules", () => {
  test("fails when region names repeat", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").name = "eu-west-1";
    expect(problems(raw)).toContain('regions/us-east-1.ts: name: must be unique across regions (also in regions/eu-west-1.ts), got "eu-west-1"');
  });

  test("fails when CIDRs overlap across regions, naming both", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").network.cidr = "10.20.0.0/17";
    expect(problems(raw)).toEqual([
      'regions/us-east-1.ts: network.cidr: must not overlap regions/eu-west-1.ts (10.20.0.0/16); regions are connected, got "10.20.0.0/17"',
    ]);
  });

  test("fails when the hubs are missing, unknown, the same region, or on one cloud of two", () => {
    const raw = rawDefault();
    const obs = raw.settings.data.observability;
    obs.hubs = { primary: "us-east-1", standby: "us-east-1" };
    expect(problems(raw)).toEqual(['regions/platform.ts: observability.hubs.standby: must be another region than the primary hub, so losing one region leaves a hub, got "us-east-1"']);
    obs.hubs = { primary: "us-east-1", standby: "eu-west-1" };
    expect(problems(raw)).toEqual([
      'regions/platform.ts: observability.hubs.standby: must be on another cloud than the primary hub (us-east-1 is on aws) when the platform spans two clouds, so losing one cloud leaves a hub, got "eu-west-1" on aws',
    ]);
    obs.hubs = { primary: "us-east-9", standby: "asia-south1" };
    expect(problems(raw)).toEqual(['regions/platform.ts: observability.hubs.primary: must be one of the regions (asia-south1, eu-west-1, us-east-1), got "us-east-9"']);
    delete obs.hubs;
    expect(problems(raw)).toEqual([
      'regions/platform.ts: observability.hubs: must name a primary and a standby hub region, e.g. { primary: "asia-south1", standby: "eu-west-1" }; the hubs federate every region and run Grafana and the clustered Alertmanager, got nothing',
    ]);
  });

  test("fails when no alert receiver is configured, naming what to set", () => {
    const raw = rawDefault();
    delete raw.settings.data.observability.alertReceiver;
    expect(problems(raw)).toEqual([
      'regions/platform.ts: observability.alertReceiver: must name where the hub Alertmanagers send alerts: { type: "webhook" | "slack" | "pagerduty", secretName } with a Secret (key url, api_url or routing_key) in namespace monitoring-hub of both hub clusters; without it every alert reaches nobody, got nothing',
    ]);
    raw.settings.data.observability.alertReceiver = { type: "slack", secretName: "alerts" };
    expect(problems(raw)).toEqual(['regions/platform.ts: observability.alertReceiver.slackChannel: is required for a slack receiver, such as "#llm-alerts", got nothing']);
  });

  test("fails when there is no primary region", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").traffic.priority = 4;
    expect(problems(raw)).toEqual(["regions/: traffic.priority: exactly one region must have priority 1 (the primary), got none"]);
  });

  test("fails when two regions share a failover priority", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").traffic.priority = 2;
    regionOf(raw, "asia-south1").traffic.priority = 1;
    expect(problems(raw)).toEqual(["regions/us-east-1.ts: traffic.priority: must be unique across regions (regions/eu-west-1.ts has it too), got 2"]);
  });

  test("fails when weighted routing has all weights zero", () => {
    const raw = rawDefault();
    raw.settings.data.traffic.routing = "weighted";
    for (const r of raw.regions) (r.data as { traffic: { weight: number } }).traffic.weight = 0;
    expect(problems(raw)).toEqual(["regions/: traffic.weight: weighted routing needs at least one region with weight > 0, got all 0"]);
  });

  test("fails when a GCP region exists but settings have no gcp section", () => {
    const raw = rawDefault();
    delete raw.settings.data.gcp;
    expect(problems(raw)).toEqual(["regions/platform.ts: gcp: is required when a region is on GCP or DNS is on Cloud DNS (projectId, projectNumber), got nothing"]);
  });

  test("fails when a remote state backend lacks its bucket or region", () => {
    const raw = rawDefault();
    raw.settings.data.stateBackend = { type: "s3" };
    expect(problems(raw)).toEqual([
      "regions/platform.ts: stateBackend.bucket: is required for the s3 backend, got nothing",
      "regions/platform.ts: stateBackend.region: is required for the s3 backend, got nothing",
    ]);
  });

  test("skips all-region counts when a region failed the schema (it may be the hub)", () => {
    const raw = rawDefault();
    regionOf(raw, "us-east-1").cloud = "oracle";
    expect(problems(raw)).toEqual(['regions/us-east-1.ts: cloud: must be one of aws, gcp, azure, got "oracle"']);
  });
});
