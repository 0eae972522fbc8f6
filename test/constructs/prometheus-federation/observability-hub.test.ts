import { Release } from "@cdktf/provider-helm/lib/release";
import { alertmanagerPeerProxyConfig, ObservabilityHub, RegionalMonitoring } from "../../../constructs/prometheus-federation";
import { regionalMonitoringProps } from "../../../stacks/monitoring-props";
import { hubProps } from "../../../tools/prometheus-check/synth";
import { defaultConfig } from "../../helpers";
import { HUB_EGRESS, hubStack, loadBalancerOf, platformLikeStack, releaseValues, synthesized, synthText } from "./fixtures";

describe("ObservabilityHub", () => {
  const { stack } = hubStack();
  const synth = synthText(stack);
  const values = releaseValues(stack, "global-prometheus");
  const regions = defaultConfig().regions;

  test("pins the chart and makes upgrades roll back on failure", () => {
    expect(synth).toHaveResourceWithProperties(Release, {
      name: "global-prometheus",
      namespace: "monitoring-hub",
      version: "88.5.3",
      atomic: true,
      cleanup_on_fail: true,
      timeout: 900,
      max_history: 10,
    });
  });

  test("waits for the regional release, whose operator and CRDs it relies on", () => {
    const hub = Object.values(synthesized(stack).resource.helm_release).find((r) => r.name === "global-prometheus")!;
    expect(hub.depends_on).toEqual(["helm_release.Monitoring_Release_FF43710B"]);
    // Two operators or two CRD owners in one cluster would fight.
    expect(values.prometheusOperator.enabled).toBe(false);
    expect(values.crds.enabled).toBe(false);
  });

  test("federates one job per region from the region list, credentials from the mounted Secret", () => {
    const jobs = values.prometheus.prometheusSpec.additionalScrapeConfigs;
    expect(jobs.map((j: { job_name: string }) => j.job_name)).toEqual(regions.map((r) => `federate-${r.name}`));
    expect(values.prometheus.prometheusSpec.secrets[0]).toBe("federation-client");
    expect(jobs[0].basic_auth.password_file).toBe("/etc/prometheus/secrets/federation-client/asia-south1.password");
  });

  test("a fourth region adds a fourth federation job", () => {
    const s = platformLikeStack();
    const { settings } = defaultConfig();
    const regional = new RegionalMonitoring(s, "Monitoring", { ...regionalMonitoringProps(settings, regions[0]), hubEgressCidrs: HUB_EGRESS, loadBalancer: loadBalancerOf(regions[0]) });
    const extra = { ...regions[0], name: "us-west-2" };
    new ObservabilityHub(s, "ObservabilityHub", { ...hubProps(defaultConfig(), regions[0].name), regions: [...regions, extra], regionalMonitoring: regional });
    const jobs = releaseValues(s, "global-prometheus").prometheus.prometheusSpec.additionalScrapeConfigs;
    expect(jobs.map((j: { job_name: string }) => j.job_name)).toContain("federate-us-west-2");
    expect(jobs).toHaveLength(regions.length + 1);
  });

  test("runs the cross-region alerts and Alertmanager, and picks only its own rules", () => {
    expect(Object.keys(values.additionalPrometheusRulesMap)).toEqual(["platform-hub"]);
    expect(values.alertmanager.enabled).toBe(true);
    // The regional recording rules must not be evaluated twice in the hub cluster.
    expect(values.prometheus.prometheusSpec.ruleSelector).toEqual({ matchLabels: { release: "global-prometheus" } });
  });

  test("Grafana takes its admin credentials from a Secret, never from the plan", () => {
    expect(values.grafana.admin.existingSecret).toBe("grafana-admin");
    expect(synth).not.toMatch(/adminPassword|prom-operator/);
  });

  test("provisions the GPU fleet and LLM serving dashboards for Grafana's sidecar", () => {
    const maps = Object.values(synthesized(stack).resource.kubernetes_config_map_v1).filter((m) => m.metadata.labels?.grafana_dashboard === "1");
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(["dashboard-platform-gpu-fleet", "dashboard-platform-llm-serving"]);
    const serving = JSON.parse(maps.find((m) => m.metadata.name === "dashboard-platform-llm-serving")!.data["platform-llm-serving.json"]);
    expect(serving.templating.list.map((v: { name: string }) => v.name)).toEqual(["datasource", "region", "model"]);
  });

  test("sends every alert to the configured receiver, whose URL stays in a mounted Secret", () => {
    const am = values.alertmanager;
    expect(am.config.route).toMatchObject({ receiver: "platform", routes: [] });
    expect(am.config.receivers).toEqual([{ name: "platform", webhook_configs: [{ url_file: "/etc/alertmanager/secrets/alert-receiver/url", send_resolved: true }] }]);
    expect(am.alertmanagerSpec.secrets).toEqual(["alert-receiver"]);
    // The chart's own default receiver is called "null" and drops everything.
    expect(JSON.stringify(am.config)).not.toMatch(/"null"/);
  });

  test("clusters the Alertmanager with the other hub over mutual TLS, through both hubs' reserved addresses", () => {
    const spec = values.alertmanager.alertmanagerSpec;
    expect(spec.forceEnableClusterMode).toBe(true);
    // Without an advertised address memberlist advertises the pod IP, which the other hub
    // cannot reach: the two would never form a cluster and every alert would go out twice.
    expect(spec.clusterAdvertiseAddress).toBe("198.51.100.10:9094");
    expect(spec.additionalPeers).toEqual(["198.51.100.20:9094"]);
    expect(spec.clusterTLS.server.clientAuthType).toBe("RequireAndVerifyClientCert");
    expect(spec.clusterTLS.client).toMatchObject({ serverName: "alertmanager-peer", ca: { secret: { name: "alertmanager-cluster-tls", key: "ca.crt" } } });
  });

  test("its Prometheus sends every alert to the other hub's Alertmanager too, over TLS with basic auth", () => {
    const spec = values.prometheus.prometheusSpec;
    expect(spec.secrets).toEqual(["federation-client", "alertmanager-peer-auth"]);
    expect(spec.additionalAlertManagerConfigs).toEqual([{
      scheme: "https",
      api_version: "v2",
      timeout: "10s",
      basic_auth: { username: "hub", password_file: "/etc/prometheus/secrets/alertmanager-peer-auth/password" },
      tls_config: { ca_file: "/etc/prometheus/secrets/alertmanager-peer-auth/ca.crt", server_name: "alertmanager-peer" },
      static_configs: [{ targets: ["198.51.100.20:9095"] }],
    }]);
  });

  test("the peer endpoint admits only the other hubs' egress addresses, on the reserved address", () => {
    const svc = Object.values(synthesized(stack).resource.kubernetes_service_v1).find((x) => x.metadata.name === "alertmanager-peer")!;
    expect(svc.spec.load_balancer_source_ranges).toEqual(["192.0.2.10/32"]);
    expect(svc.spec.port).toEqual([
      { name: "mesh-tcp", port: 9094, target_port: "9094", protocol: "TCP" },
      { name: "https", port: 9095, target_port: "9095", protocol: "TCP" },
    ]);
    expect(svc.spec.selector).toEqual({ "app.kubernetes.io/name": "alertmanager-peer-proxy" });
    // One zone's load balancer on AWS: nodes of that zone must forward to the proxy elsewhere.
    expect(svc.spec.external_traffic_policy).toBe("Cluster");
    const mesh = Object.values(synthesized(stack).resource.kubernetes_service_v1).find((x) => x.metadata.name === "alertmanager-mesh")!;
    expect(mesh.spec).toMatchObject({ type: "ClusterIP", selector: { "app.kubernetes.io/name": "alertmanager", alertmanager: "global-prometheus-alertmanager" } });
  });

  test("the peer proxy passes gossip through untouched and lets only POST /api/v2/alerts reach the Alertmanager", () => {
    const conf = alertmanagerPeerProxyConfig({ gossip: "alertmanager-mesh.monitoring-hub.svc:9094", api: "http://global-prometheus-alertmanager.monitoring-hub.svc:9093" });
    expect(conf).toMatch(/stream \{\s*server \{\s*listen 9094;\s*proxy_pass alertmanager-mesh\.monitoring-hub\.svc:9094;/);
    expect(conf).toMatch(/location = \/api\/v2\/alerts \{\s*limit_except POST \{ deny all; \}\s*auth_basic "alertmanager";/);
    expect(conf).toMatch(/location \/ \{ return 404; \}/);
  });

  test("fails when peers are given without this hub's reserved peer address", () => {
    const s = platformLikeStack();
    const { settings } = defaultConfig();
    const regional = new RegionalMonitoring(s, "Monitoring", { ...regionalMonitoringProps(settings, regions[0]), hubEgressCidrs: HUB_EGRESS, loadBalancer: loadBalancerOf(regions[0]) });
    expect(() => new ObservabilityHub(s, "ObservabilityHub", { ...hubProps(defaultConfig(), regions[0].name), peerLoadBalancer: undefined, regionalMonitoring: regional }))
      .toThrow("ObservabilityHub: peerLoadBalancer must give this hub's reserved peer address when alertmanagerPeers is set");
  });

  test("scrapes its own region in the cluster", () => {
    const own = values.prometheus.prometheusSpec.additionalScrapeConfigs.find((j: { job_name: string }) => j.job_name === "federate-us-east-1");
    expect(own.static_configs[0].targets).toEqual(["kube-prometheus-stack-prometheus.monitoring.svc:9090"]);
  });

  test("sizes Prometheus, Grafana and Alertmanager, which share the system nodes with the Ray heads", () => {
    expect(values.prometheus.prometheusSpec.resources).toEqual({ requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } });
    expect(values.grafana.resources.requests).toEqual({ cpu: "200m", memory: "256Mi" });
    expect(values.alertmanager.alertmanagerSpec.resources.limits).toEqual({ memory: "256Mi" });
  });
});

describe("observability snapshot", () => {
  test("hub region: regional monitoring + hub", () => {
    expect(synthText(hubStack().stack)).toMatchSnapshot();
  });
});
