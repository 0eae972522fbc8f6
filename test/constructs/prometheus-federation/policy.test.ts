import { federationEndpointViolations, RegionalMonitoring } from "../../../constructs/prometheus-federation";
import { defaultConfig } from "../../helpers";
import { HUB_EGRESS, platformLikeStack, synthesized } from "./fixtures";

// Policy: no federation endpoint may accept the whole internet, in any region.
describe("federation endpoint policy", () => {
  const { settings, regions } = defaultConfig();
  const stacks = regions.map((region) => {
    const stack = platformLikeStack(`${region.name}-platform`);
    new RegionalMonitoring(stack, "Monitoring", { settings, region, hubEgressCidrs: HUB_EGRESS });
    return { region: region.name, json: synthesized(stack) };
  });

  for (const { region, json } of stacks) {
    test(`${region}: every federation endpoint lists its sources and none is 0.0.0.0/0`, () => {
      expect(Object.keys(json.resource.kubernetes_service_v1)).toHaveLength(1);
      expect(federationEndpointViolations(json)).toEqual([]);
    });
  }

  test("fails when a federation endpoint allows 0.0.0.0/0 (edited after synth)", () => {
    const json = structuredClone(stacks[0].json);
    const svc = Object.values(json.resource.kubernetes_service_v1)[0];
    svc.spec.load_balancer_source_ranges = ["0.0.0.0/0"];
    expect(federationEndpointViolations(json)).toEqual([
      'Monitoring_Federation_LoadBalancer_57DFB83C: federation endpoint must not allow the whole internet, got ["0.0.0.0/0"]',
    ]);
  });

  test("fails when a federation endpoint lists no sources", () => {
    const json = structuredClone(stacks[0].json);
    delete Object.values(json.resource.kubernetes_service_v1)[0].spec.load_balancer_source_ranges;
    expect(federationEndpointViolations(json)[0]).toMatch(/must list load_balancer_source_ranges .* got null$/);
  });

  test("accepts ranges that come from another stack's output (resolved at apply)", () => {
    const json = structuredClone(stacks[0].json);
    Object.values(json.resource.kubernetes_service_v1)[0].spec.load_balancer_source_ranges = '${formatlist("%s/32", data.terraform_remote_state.hub.outputs.egress_ips)}';
    expect(federationEndpointViolations(json)).toEqual([]);
  });
});
