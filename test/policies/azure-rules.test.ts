import { evaluateStack, POLICY_RULES } from "../../policies/engine";
import { AZURE_RULES } from "../../policies/rules/azure";
import type { PolicyContext } from "../../policies/types";
import { AZURE_CASES as CASES, BASES, CLUSTER, type Attrs } from "./azure-fixture";
import { resourceIn } from "./fixtures";

const PRIVATE: PolicyContext = { publicServing: () => false };

describe("Azure policy rules", () => {
  test.each(Object.keys(BASES))("the unbroken %s stack of the azure fixture complies with every rule", (name) => {
    expect(evaluateStack(name, BASES[name], PRIVATE)).toEqual([]);
  });

  describe.each(CASES)("$rule", (c) => {
    test(`fails when broken on ${c.type}: ${c.why}`, () => {
      const json = structuredClone(BASES[CLUSTER]);
      c.breakIt(resourceIn(json, c.type, c.prefix));
      const findings = evaluateStack(CLUSTER, json, PRIVATE);
      expect(findings.map((f) => [f.ruleId, f.path])).toEqual([[c.rule, c.path]]);
      expect(findings[0].fix).toBe(POLICY_RULES.find((r) => r.id === c.rule)!.fix);
    });
  });

  test("every Azure rule inspects at least one resource of the azure fixture", () => {
    const types = new Set(Object.values(BASES).flatMap((j) => Object.keys(j.resource ?? {})));
    expect(AZURE_RULES.filter((r) => !r.resourceTypes.some((t) => types.has(t))).map((r) => r.id)).toEqual([]);
  });

  test("a private cluster needs no authorized ranges", () => {
    const json = structuredClone(BASES[CLUSTER]);
    const cluster = resourceIn(json, "azurerm_kubernetes_cluster", "Aks_Cluster") as Attrs;
    delete cluster.api_server_access_profile;
    cluster.private_cluster_enabled = true;
    expect(evaluateStack(CLUSTER, json, PRIVATE)).toEqual([]);
  });
});
