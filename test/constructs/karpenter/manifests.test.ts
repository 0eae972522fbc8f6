import { machineType } from "../../../catalog/machine-types";
import { GpuPoolSchema } from "../../../config/schema";
import { ec2NodeClassManifest, nodePoolManifest, type KarpenterGpuPoolProps } from "../../../constructs/karpenter";
import { karpenterPoolProps } from "../../../stacks/karpenter-pools";
import { defaultConfig } from "../../helpers";
import { crdValidator, schemaErrors } from "../../reference";

const validateNodePool = crdValidator("karpenter.sh_nodepools.karpenter-v1.14.1.yaml", "v1");
const validateNodeClass = crdValidator("karpenter.k8s.aws_ec2nodeclasses.karpenter-v1.14.1.yaml", "v1");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function props(over: Partial<KarpenterGpuPoolProps> = {}): KarpenterGpuPoolProps {
  return {
    name: "l40s", nodeRoleName: "llmp-us-east-1-karpenter-node", discoveryTagValue: "llmp-us-east-1", amiAlias: "al2023@v20260714",
    kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/abcd", diskSizeGiB: 200, labels: { "llm-platform.dev/pool": "l40s" },
    taint: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }, instanceTypes: ["g6e.12xlarge", "g6e.24xlarge"],
    capacityTypes: ["spot", "on-demand"], maxGpus: 8, ...over,
  };
}

describe("every EC2NodeClass and NodePool validates against the Karpenter v1.14.1 CRDs", () => {
  const config = defaultConfig();
  const cases: [string, KarpenterGpuPoolProps][] = [];
  for (const region of config.regions.filter((r) => r.cloud === "aws")) {
    for (const p of karpenterPoolProps(config.settings, region, "arn:aws:kms:eu-west-1:111122223333:key/k")) cases.push([`${region.name}/${p.name}`, p]);
  }
  cases.push(["bottlerocket, spot then on-demand, two instance types", props({ amiAlias: "bottlerocket@v1.54.0" })]);
  cases.push(["on-demand only", props({ capacityTypes: ["on-demand"], instanceTypes: ["g6e.12xlarge"] })]);

  test.each(cases)("%s", (_name, p) => {
    const nodeClass = ec2NodeClassManifest(p);
    expect(validateNodeClass(nodeClass) ? [] : schemaErrors(validateNodeClass)).toEqual([]);
    const pool = nodePoolManifest(p);
    expect(validateNodePool(pool) ? [] : schemaErrors(validateNodePool)).toEqual([]);
  });

  test("the validators reject a misspelt field and a value outside the CRD's enum (guards the check)", () => {
    const nc = ec2NodeClassManifest(props()) as Obj;
    nc.spec.metadataOptions.httpToken = "required";
    expect(validateNodeClass(nc)).toBe(false);
    const np = nodePoolManifest(props()) as Obj;
    np.spec.disruption.consolidationPolicy = "WhenIdle";
    expect(validateNodePool(np)).toBe(false);
  });
});

describe("nodePoolManifest", () => {
  const pool = nodePoolManifest(props()) as Obj;
  const pools = [pool];

  test("one NodePool per pool lists every instance type in the configured order, without weights", () => {
    expect(pool.metadata.name).toBe("gpu-l40s");
    expect(pool.spec.weight).toBeUndefined();
    expect(pool.spec.template.spec.requirements[0]).toEqual({ key: "node.kubernetes.io/instance-type", operator: "In", values: ["g6e.12xlarge", "g6e.24xlarge"] });
  });

  test("the pool's GPU maximum is one limit over every instance and capacity type (Karpenter limits are per NodePool)", () => {
    expect(pool.spec.limits).toEqual({ "nvidia.com/gpu": "8" });
    // What the limit admits for an L4 pool of at most 4 g6.12xlarge (16 GPUs) falling back to
    // g6.24xlarge and g6.48xlarge: nodes of any listed type whose GPUs fit under the limit.
    // Every type has at least the first one's 4 GPUs, so never more than maxNodes = 4 nodes.
    const l4 = nodePoolManifest(props({ name: "l4", instanceTypes: ["g6.12xlarge", "g6.24xlarge", "g6.48xlarge"], maxGpus: 16 })) as Obj;
    const limit = Number(l4.spec.limits["nvidia.com/gpu"]);
    const nodesUnder = l4.spec.template.spec.requirements[0].values.map((t: string) => Math.floor(limit / machineType("aws", t)!.gpuCount));
    expect(nodesUnder).toEqual([4, 4, 2]);
  });

  test("spot then on-demand is one requirement: Karpenter takes spot first and falls back to on-demand", () => {
    expect(pools[0].spec.template.spec.requirements[1]).toEqual({ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] });
  });

  test("only empty nodes are consolidated, drift and underutilization never disrupt, nodes never expire", () => {
    expect(pools[0].spec.disruption).toEqual({
      consolidationPolicy: "WhenEmpty",
      consolidateAfter: "10m",
      budgets: [{ nodes: "1", reasons: ["Empty"] }, { nodes: "0", reasons: ["Drifted", "Underutilized"] }],
    });
    expect(pools[0].spec.template.spec.expireAfter).toBe("Never");
  });

  test("nodes carry the GPU taint and the pool's labels, so only the pool's workers land there", () => {
    expect(pools[0].spec.template.spec.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
    expect(pools[0].spec.template.metadata.labels).toEqual({ "llm-platform.dev/pool": "l40s" });
  });
});

describe("ec2NodeClassManifest", () => {
  test("pinned NVIDIA-capable alias, IMDSv2 with hop limit 1, KMS-encrypted gp3", () => {
    const nc = ec2NodeClassManifest(props()) as Obj;
    expect(nc.spec.amiSelectorTerms).toEqual([{ alias: "al2023@v20260714" }]);
    expect(nc.spec.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
    expect(nc.spec.blockDeviceMappings).toEqual([{
      deviceName: "/dev/xvda",
      ebs: { volumeSize: "200Gi", volumeType: "gp3", encrypted: true, kmsKeyID: "arn:aws:kms:us-east-1:111122223333:key/abcd", deleteOnTermination: true },
    }]);
    expect(nc.spec.subnetSelectorTerms).toEqual([{ tags: { "karpenter.sh/discovery": "llmp-us-east-1" } }]);
  });

  test("Bottlerocket keeps a small OS volume and puts images and weights on the data volume", () => {
    const nc = ec2NodeClassManifest(props({ amiAlias: "bottlerocket@v1.54.0" })) as Obj;
    expect(nc.spec.blockDeviceMappings.map((b: Obj) => [b.deviceName, b.ebs.volumeSize])).toEqual([["/dev/xvda", "4Gi"], ["/dev/xvdb", "200Gi"]]);
  });

  test("no alias is ever 'latest' (a new AMI would replace every serving node)", () => {
    const config = defaultConfig();
    for (const region of config.regions.filter((r) => r.cloud === "aws")) {
      for (const p of karpenterPoolProps(config.settings, region, "k")) expect(p.amiAlias).toMatch(/^(al2023@v\d{8}|bottlerocket@v\d+\.\d+\.\d+)$/);
    }
  });
});

test("a pool's props follow its config: fallback types in order, capacity types, GPU ceiling", () => {
  const config = defaultConfig();
  const region = { ...config.regions.find((r) => r.cloud === "aws")!, gpuPools: [GpuPoolSchema.parse({
    name: "l4", gpu: "L4", instanceType: "g6.12xlarge", fallbackInstanceTypes: ["g6.48xlarge"], minNodes: 0, maxNodes: 3, capacityTypes: ["spot", "on-demand"],
  })] };
  const [p] = karpenterPoolProps(config.settings, region, "k");
  expect(p.instanceTypes).toEqual(["g6.12xlarge", "g6.48xlarge"]);
  expect(p.capacityTypes).toEqual(["spot", "on-demand"]);
  expect(p.maxGpus).toBe(12);
});
