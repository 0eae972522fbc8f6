import { alertmanagerConfig, alertmanagerPeerProxyConfig, federationProxyConfig } from "../../../constructs/prometheus-federation";
import { DEBIAN_STREAM_MODULE, loopbackAlertmanagerConfig, loopbackPeerProxyConfig, loopbackProxyConfig } from "../../../tools/prometheus-check/e2e";

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

// The hubs' peer endpoints run on loopback with the synthesized configuration; only the
// address (a loopback stand-in for the reserved address), upstreams and folders change.
describe("loopbackPeerProxyConfig", () => {
  const at = {
    address: "127.9.9.11", gossipUpstream: "127.0.0.1:40094", apiUpstream: "http://127.0.0.1:40093",
    tlsDir: "/tmp/x/peer-tls", authDir: "/tmp/x/peer-auth", runDir: "/tmp/x/run", streamModule: DEBIAN_STREAM_MODULE,
  };
  const conf = loopbackPeerProxyConfig(alertmanagerPeerProxyConfig({ gossip: "alertmanager-mesh.monitoring-hub.svc:9094", api: "http://global-prometheus-alertmanager.monitoring-hub.svc:9093" }), at);

  test("loads Debian's stream module, listens on the stand-in address with the synthesized ports", () => {
    expect(conf.startsWith(`load_module ${DEBIAN_STREAM_MODULE};\n`)).toBe(true);
    expect(conf).toContain("listen 127.9.9.11:9094;");
    expect(conf).toContain("listen 127.9.9.11:9095 ssl;");
  });

  test("passes gossip to the Alertmanager's cluster port and alerts to its API, nothing in the cluster left", () => {
    expect(conf).toContain("proxy_pass 127.0.0.1:40094;");
    expect(conf).toContain("proxy_pass http://127.0.0.1:40093;");
    expect(conf).not.toMatch(/\.svc/);
    expect(conf).toContain("auth_basic_user_file /tmp/x/peer-auth/htpasswd;");
    expect(conf).toContain("ssl_certificate /tmp/x/peer-tls/tls.crt;");
  });

  test("fails when the configuration no longer has a part it replaces", () => {
    expect(() => loopbackPeerProxyConfig("events {}\n", at)).toThrow("the Alertmanager peer endpoint configuration no longer has /\\/tmp\\//g; update the loopback test");
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
