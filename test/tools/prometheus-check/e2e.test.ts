import { alertmanagerConfig, federationProxyConfig } from "../../../constructs/prometheus-federation";
import { loopbackAlertmanagerConfig, loopbackProxyConfig } from "../../../tools/prometheus-check/e2e";

// The loopback test runs the synthesized proxy configuration with only its in-cluster
// specifics replaced; this catches a configuration change that would break that
// (or silently test something else) before the slow test runs.
describe("loopbackProxyConfig", () => {
  const at = { port: 40443, credentialsDir: "/tmp/x/federation", runDir: "/tmp/x/run", upstreamUrl: "http://127.0.0.1:40090" };
  const conf = loopbackProxyConfig(federationProxyConfig("http://kube-prometheus-stack-prometheus.monitoring.svc:9090"), at);

  test("listens on loopback only and forwards to the local Prometheus", () => {
    expect(conf).toContain("listen 127.0.0.1:40443 ssl;");
    expect(conf).toContain("proxy_pass http://127.0.0.1:40090;");
    expect(conf).not.toMatch(/svc:9090/);
  });

  test("reads the credentials from the test's folder, not under the run folder", () => {
    expect(conf).toContain("auth_basic_user_file /tmp/x/federation/htpasswd;");
    expect(conf).toContain("ssl_certificate /tmp/x/federation/tls.crt;");
    expect(conf).toContain("pid /tmp/x/run/nginx.pid;");
  });

  test("keeps everything else as synthesized (auth, /federate only, 404 elsewhere)", () => {
    expect(conf).toContain("location = /federate {");
    expect(conf).toContain("limit_except GET { deny all; }");
    expect(conf).toContain("location / { return 404; }");
  });

  test("fails when the configuration no longer has a part it replaces", () => {
    expect(() => loopbackProxyConfig("events {}\n", at)).toThrow("the federation proxy configuration no longer has /\\/tmp\\//g; update the loopback test");
  });
});

// The loopback Alertmanagers run the synthesized configuration with only the receiver's
// URL inlined (Debian's 0.25 lacks url_file) and the group timers shortened.
describe("loopbackAlertmanagerConfig", () => {
  const synthesized = alertmanagerConfig({ type: "webhook", secretName: "alert-receiver" });

  test("keeps the route, grouping, inhibition and resolved notifications; inlines only the URL", () => {
    const conf = loopbackAlertmanagerConfig(synthesized, "http://127.0.0.1:9/");
    expect(conf.receivers).toEqual([{ name: "platform", webhook_configs: [{ url: "http://127.0.0.1:9/", send_resolved: true }] }]);
    expect(conf.route).toMatchObject({ receiver: "platform", group_by: ["alertname", "region", "region_alertname"], repeat_interval: "4h", group_wait: "1s" });
    expect(conf.inhibit_rules).toEqual(synthesized.inhibit_rules);
  });

  test("fails when the receiver is not the single webhook the test stands in for", () => {
    expect(() => loopbackAlertmanagerConfig(alertmanagerConfig({ type: "pagerduty", secretName: "pd" }), "http://127.0.0.1:9/"))
      .toThrow("the loopback test stands in for one webhook receiver");
  });
});
