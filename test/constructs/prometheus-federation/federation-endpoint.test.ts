import { TerraformOutput } from "cdktf";
import { EKS_LOAD_BALANCER } from "../../../constructs/aws";
import type { ClusterLoadBalancer } from "../../../constructs/contracts";
import { GKE_LOAD_BALANCER } from "../../../constructs/gcp";
import { FederationEndpoint } from "../../../constructs/prometheus-federation";
import { HUB_EGRESS, platformLikeStack, synthesized } from "./fixtures";

// The endpoint alone, with the load balancer flavour each ClusterAccess gives: the cloud
// difference is data handed in, not a branch inside the construct.
function endpoint(loadBalancer: ClusterLoadBalancer) {
  const stack = platformLikeStack();
  const fed = new FederationEndpoint(stack, "Federation", {
    namespace: "monitoring",
    upstreamUrl: "http://prometheus.monitoring.svc:9090",
    allowedSourceCidrs: HUB_EGRESS,
    secretName: "federation-endpoint",
    loadBalancer,
  });
  new TerraformOutput(stack, "address", { value: fed.loadBalancerAddress });
  const json = synthesized(stack);
  return { service: Object.values(json.resource.kubernetes_service_v1)[0], address: (json as unknown as { output: Record<string, { value: string }> }).output.address.value };
}

describe("FederationEndpoint", () => {
  test("EKS: a network load balancer (it enforces the source ranges on the nodes' security group), addressed by its DNS name", () => {
    const { service, address } = endpoint(EKS_LOAD_BALANCER);
    expect(service.metadata.annotations).toEqual({ "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" });
    expect(service.spec.load_balancer_source_ranges).toEqual(HUB_EGRESS);
    expect(address).toMatch(/\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.hostname\}$/);
  });

  test("GKE: no annotation (the ranges become the forwarding rule's firewall), addressed by its IP", () => {
    const { service, address } = endpoint(GKE_LOAD_BALANCER);
    expect(service.metadata.annotations ?? {}).toEqual({});
    expect(address).toMatch(/\.status\[0\]\.load_balancer\[0\]\.ingress\[0\]\.ip\}$/);
  });
});
