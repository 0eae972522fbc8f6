import { evaluateStack, POLICY_RULES } from "../../policies/engine";
import { AZURE_RULES } from "../../policies/rules/azure";
import { policyContext } from "../../policies/context";
import { defaultConfig } from "../helpers";
import { defaultStacks } from "./fixtures";

// The lead re-runs this after every merge: the shipped regions must pass every policy
// with no suppressions, or synth of the default topology fails.
describe("default topology", () => {
  const stacks = defaultStacks();

  test("has zero policy violations in every stack", () => {
    const context = policyContext(defaultConfig());
    const findings = Object.entries(stacks).flatMap(([name, json]) => evaluateStack(name, json, context));
    expect(findings).toEqual([]);
  });

  // The policy aspect hands the JSON it judged to the write (policies/aspect.ts): a rule
  // that changed it would change what synth writes. Frozen, a write throws (modules are strict).
  test("every rule reads the stacks without changing them", () => {
    const context = policyContext(defaultConfig());
    const deepFreeze = (v: unknown): unknown => {
      if (v && typeof v === "object") {
        for (const x of Object.values(v)) deepFreeze(x);
        Object.freeze(v);
      }
      return v;
    };
    for (const [name, json] of Object.entries(structuredClone(stacks))) {
      expect(evaluateStack(name, deepFreeze(json) as typeof json, context, POLICY_RULES)).toEqual([]);
    }
  });

  test("needs no suppressions", () => {
    expect(defaultConfig().settings.suppressions).toEqual([]);
  });

  // A rule that never sees its resource type proves nothing: every rule must inspect at
  // least one resource of the default topology (LLMP_STATE_2 judges the s3 backend, which
  // the default local backend does not use; its fixtures cover it). The default topology has
  // no Azure region: test/policies/azure-rules.test.ts exercises the Azure rules on the
  // azure fixture topology.
  test("exercises every rule on at least one resource", () => {
    const types = new Set(Object.values(stacks).flatMap((j) => [
      ...Object.keys(j.resource ?? {}),
      ...Object.keys(j.terraform?.backend ?? {}).map((k) => `backend.${k}`),
    ]));
    const later = ["LLMP_STATE_2", ...AZURE_RULES.map((r) => r.id)];
    const unexercised = POLICY_RULES.filter((r) => !later.includes(r.id) && !r.resourceTypes.some((t) => types.has(t))).map((r) => r.id);
    expect(unexercised).toEqual([]);
  });
});

describe("the federation endpoints of the default topology", () => {
  // Their source ranges are the hub's egress addresses, read at apply from the hub cluster
  // stack's state: LLMP_NET_1 must see them as that expression, not as an empty list.
  test("admit only the two hub clusters' egress addresses, from their state", () => {
    for (const [name, json] of Object.entries(defaultStacks()).filter(([n]) => n.endsWith("-platform"))) {
      const services = Object.entries(json.resource?.kubernetes_service_v1 ?? {}).filter(([id]) => id.startsWith("Monitoring_Federation"));
      expect([name, services.length]).toEqual([name, 1]);
      expect((services[0][1] as { spec: { load_balancer_source_ranges: unknown } }).spec.load_balancer_source_ranges).toBe('${concat(formatlist("%s/32", data.terraform_remote_state.HubClusterState-us-east-1.outputs.egress_ips), formatlist("%s/32", data.terraform_remote_state.HubClusterState-asia-south1.outputs.egress_ips))}');
    }
  });
});
