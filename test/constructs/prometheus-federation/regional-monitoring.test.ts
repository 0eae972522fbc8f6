import { DataTerraformRemoteStateLocal, Fn, Token } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { federationEndpointViolations, REGIONAL_MONITOR_LABELS, RegionalMonitoring } from "../../../constructs/prometheus-federation";
import { regionalMonitoringProps } from "../../../stacks/monitoring-props";
import { defaultConfig, defaultRegion } from "../../helpers";
import { HUB_EGRESS, loadBalancerOf, platformLikeStack, releaseValues, synthesized, synthText } from "./fixtures";

function regionalStack(regionName: string, hubEgressCidrs = HUB_EGRESS) {
  const stack = platformLikeStack(`${regionName}-platform`);
  const monitoring = new RegionalMonitoring(stack, "Monitoring", { ...regionalMonitoringProps(defaultConfig().settings, defaultRegion(regionName)), hubEgressCidrs, loadBalancer: loadBalancerOf(defaultRegion(regionName)) });
  return { stack, monitoring };
}

describe("RegionalMonitoring", () => {
  const { stack, monitoring } = regionalStack("eu-west-1");
  const synth = synthText(stack);
  const values = releaseValues(stack, "kube-prometheus-stack");

  test("pins the chart and makes upgrades roll back on failure", () => {
    expect(synth).toHaveResourceWithProperties(Release, {
      name: "kube-prometheus-stack",
      repository: "https://prometheus-community.github.io/helm-charts",
      chart: "kube-prometheus-stack",
      version: "88.5.3",
      atomic: true,
      cleanup_on_fail: true,
      timeout: 900,
      max_history: 10,
    });
  });

  test("labels everything it federates with region, cloud and cluster", () => {
    // The hub tells regions apart by these labels alone.
    expect(values.prometheus.prometheusSpec.externalLabels).toEqual({ region: "eu-west-1", cloud: "aws", cluster: "llmp-eu-west-1" });
  });

  test("keeps data on a persistent volume, with retention from settings.observability", () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.retention).toBe("15d");
    expect(spec.retentionSize).toBe("85GiB");
    expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe("100Gi");
  });

  test("follows settings.observability rather than chart defaults", () => {
    const s = platformLikeStack();
    const settings = { ...defaultConfig().settings, observability: { retentionDays: 30, storageGiB: 500 } };
    new RegionalMonitoring(s, "Monitoring", { ...regionalMonitoringProps(settings, defaultRegion("eu-west-1")), hubEgressCidrs: HUB_EGRESS, loadBalancer: loadBalancerOf(defaultRegion("eu-west-1")), storageClassName: "gp3" });
    const spec = releaseValues(s, "kube-prometheus-stack").prometheus.prometheusSpec;
    expect(spec.retention).toBe("30d");
    expect(spec.retentionSize).toBe("425GiB");
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "500Gi" } },
      storageClassName: "gp3",
    });
  });

  test("selects ServiceMonitors (the GPU Operator's DCGM exporter) and PodMonitors by release: kube-prometheus-stack in any namespace", () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.serviceMonitorSelector).toEqual({ matchLabels: { release: "kube-prometheus-stack" } });
    // The constant other areas (GPU Operator values) label their monitors with.
    expect(spec.serviceMonitorSelector.matchLabels).toEqual(REGIONAL_MONITOR_LABELS);
    expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.serviceMonitorNamespaceSelector).toEqual({});
    expect(spec.podMonitorSelector).toEqual({ matchLabels: { release: "kube-prometheus-stack" } });
  });

  test("scrapes Ray head and worker pods on their metrics port, where vLLM's metrics come out", () => {
    const [ray] = values.prometheus.additionalPodMonitors;
    expect(ray.selector).toEqual({ matchLabels: { "ray.io/is-ray-node": "yes" } });
    expect(ray.namespaceSelector).toEqual({ any: true });
    expect(ray.podMetricsEndpoints[0].port).toBe("metrics");
  });

  test("ships the recording rules the hub federates", () => {
    const groups = values.additionalPrometheusRulesMap["platform-region"].groups;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(["platform-region-gpu", "platform-region-serving", "platform-region-alerts"]);
  });

  test("restricts the federation load balancer to the hub's egress addresses", () => {
    expect(synth).toHaveResourceWithProperties(ServiceV1, {
      spec: expect.objectContaining({ type: "LoadBalancer", load_balancer_source_ranges: HUB_EGRESS, external_traffic_policy: "Local" }),
    });
    expect(federationEndpointViolations(synthesized(stack))).toEqual([]);
  });

  test("mounts the federation credentials from the named Secret, so none are in the plan", () => {
    const deployment = Object.values(synthesized(stack).resource.kubernetes_deployment_v1)[0];
    const volumes = deployment.spec.template.spec.volume;
    expect(volumes).toContainEqual({ name: "credentials", secret: { secret_name: "federation-endpoint" } });
    expect(synth).not.toMatch(/BEGIN (CERTIFICATE|PRIVATE KEY)|\$2[aby]\$/);
    expect(synth).toHaveResource(DeploymentV1);
  });

  test("the proxy passes only GET /federate, with basic auth, to the regional Prometheus", () => {
    const conf = Object.values(synthesized(stack).resource.kubernetes_config_map_v1)[0].data["nginx.conf"] as string;
    expect(conf).toContain("location = /federate {");
    expect(conf).toContain("auth_basic_user_file /etc/federation/htpasswd;");
    expect(conf).toContain("proxy_pass http://kube-prometheus-stack-prometheus.monitoring.svc:9090;");
    expect(conf).toMatch(/location \/ \{ return 404; \}/);
  });

  test("creates the proxy only after the release (its Prometheus Service and namespace)", () => {
    const r = synthesized(stack).resource;
    for (const type of ["kubernetes_config_map_v1", "kubernetes_deployment_v1", "kubernetes_service_v1"]) {
      expect(Object.values(r[type])[0].depends_on).toEqual(["helm_release.Monitoring_Release_FF43710B"]);
    }
  });

  test("names the endpoint federation.<region>.<zone>", () => {
    expect(monitoring.federationHost).toBe("federation.eu-west-1.llm.example.com");
  });

  test("GCP regions get no AWS load balancer annotation", () => {
    const gcp = synthesized(regionalStack("asia-south1").stack);
    const svc = Object.values(gcp.resource.kubernetes_service_v1)[0];
    expect(svc.metadata.annotations ?? {}).toEqual({});
  });

  test("takes the hub's egress addresses from the hub cluster stack's output as /32s", () => {
    // The wiring the platform stack uses; the ranges resolve at apply, never open by default.
    const s = platformLikeStack();
    const hubCluster = new DataTerraformRemoteStateLocal(s, "HubCluster", { path: "../../../us-east-1-cluster.tfstate" });
    new RegionalMonitoring(s, "Monitoring", {
      ...regionalMonitoringProps(defaultConfig().settings, defaultRegion("eu-west-1")),
      hubEgressCidrs: Token.asList(Fn.formatlist("%s/32", [hubCluster.getList("egress_ips")])),
      loadBalancer: loadBalancerOf(defaultRegion("eu-west-1")),
    });
    const svc = Object.values(synthesized(s).resource.kubernetes_service_v1)[0];
    expect(svc.spec.load_balancer_source_ranges).toBe('${formatlist("%s/32", data.terraform_remote_state.HubCluster.outputs.egress_ips)}');
    expect(federationEndpointViolations(synthesized(s))).toEqual([]);
  });

  test("fails when the federation endpoint would be open to the internet", () => {
    expect(() => regionalStack("eu-west-1", ["192.0.2.10/32", "0.0.0.0/0"]))
      .toThrow('allowedSourceCidrs must not open the federation endpoint to the internet; list the hub\'s egress addresses, got ["192.0.2.10/32","0.0.0.0/0"]');
  });

  test("fails when no source range is given (clouds default an empty list to everyone)", () => {
    expect(() => regionalStack("eu-west-1", [])).toThrow("allowedSourceCidrs must list the hub's egress addresses");
  });

  test("pins the addresses of its resources (ids are a contract)", () => {
    const r = synthesized(stack).resource;
    expect(Object.keys(r.helm_release)).toEqual(["Monitoring_Release_FF43710B"]);
    expect(Object.keys(r.kubernetes_service_v1)).toEqual(["Monitoring_Federation_LoadBalancer_57DFB83C"]);
  });
});

describe("RegionalMonitoring alone", () => {
  // Flat props of its own: no region file or platform settings needed to build one.
  test("labels what it federates with the region, cloud and cluster it is given, and sizes retention from its props", () => {
    const s = platformLikeStack();
    const m = new RegionalMonitoring(s, "Monitoring", {
      region: { name: "lab-1", cloud: "gcp" },
      clusterName: "lab-1-gpu",
      dnsZone: "lab.example.com",
      retention: { retentionDays: 7, storageGiB: 100 },
      kubernetesVersion: "1.34",
      hubEgressCidrs: HUB_EGRESS,
      loadBalancer: loadBalancerOf({ cloud: "gcp" }),
    });
    const spec = releaseValues(s, "kube-prometheus-stack").prometheus.prometheusSpec;
    expect(spec.externalLabels).toEqual({ region: "lab-1", cloud: "gcp", cluster: "lab-1-gpu" });
    expect(spec).toMatchObject({ retention: "7d", retentionSize: "85GiB" });
    expect(m.federationHost).toBe("federation.lab-1.lab.example.com");
    // The CRD upgrade job's kubectl follows the cluster's minor (kubectl's skew policy: one minor).
    expect(releaseValues(s, "kube-prometheus-stack").crds.upgradeJob.image.kubectl.tag).toBe("v1.34.0");
  });
});
