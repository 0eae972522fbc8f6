import { federationProxyConfig } from "../../../constructs/prometheus-federation";
import { loopbackProxyConfig } from "../../../tools/prometheus-check/e2e";

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
