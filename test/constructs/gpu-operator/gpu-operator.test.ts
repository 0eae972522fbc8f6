import { Testing, TerraformStack } from "cdktf";
import { parse as parseYaml } from "yaml";
import { GpuOperator, type GpuOperatorProps } from "../../../constructs/gpu-operator";

// The construct alone, in a bare stack, with props written as a stack would pass them:
// no region file, no platform config.
function synth(over: Partial<GpuOperatorProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "t");
  new GpuOperator(stack, "GpuOperator", {
    regionName: "test",
    pools: [{ name: "l4", profile: "al2023-nvidia", sharing: { mode: "time-slicing", replicas: 4 } }],
    serviceMonitorLabels: { release: "kube-prometheus-stack" },
    ...over,
  });
  return JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
}

function values(json: ReturnType<typeof synth>): Record<string, any> {
  return parseYaml((Object.values(json.resource.helm_release)[0].values as string[])[0]);
}

describe("GpuOperator", () => {
  test("a time-sliced AL2023 pool: the image's driver, a device-plugin config keyed by the pool's name", () => {
    const v = values(synth());
    expect(v).toMatchObject({ driver: { enabled: false }, devicePlugin: { config: { create: true, default: "default" } } });
    expect(parseYaml(v.devicePlugin.config.data.l4)).toMatchObject({ sharing: { timeSlicing: { resources: [{ name: "nvidia.com/gpu", replicas: 4 }] } } });
  });

  test("the critical-priority quota exists only when the cluster needs it, and the release waits for it", () => {
    expect(synth().resource.kubernetes_resource_quota_v1).toBeUndefined();
    const json = synth({ criticalPriorityQuota: true });
    const [quotaId] = Object.keys(json.resource.kubernetes_resource_quota_v1);
    expect(Object.values(json.resource.helm_release)[0].depends_on).toContain(`kubernetes_resource_quota_v1.${quotaId}`);
  });

  test("fails when a Bottlerocket pool asks the operator for sharing, naming the pool and the field", () => {
    expect(() => synth({ pools: [{ name: "br", profile: "bottlerocket-nvidia", sharing: { mode: "time-slicing", replicas: 2 } }] })).toThrow(
      'GPU pool br: sharing.mode: must be "none" on a Bottlerocket pool',
    );
  });
});
