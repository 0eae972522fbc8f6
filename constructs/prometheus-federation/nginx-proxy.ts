import { createHash } from "crypto";
import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { DeploymentV1, type DeploymentV1SpecTemplateSpecVolumeSecret } from "@cdktf/provider-kubernetes/lib/deployment-v1";

/** Props of {@link nginxProxy}. */
export interface NginxProxyProps {
  /** Name of the ConfigMap and the Deployment. */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the ConfigMap, the Deployment and its pods. */
  readonly labels: Record<string, string>;
  /** The pods' selector labels (a subset of `labels`). */
  readonly selector: Record<string, string>;
  /** The proxy image, pinned. */
  readonly image: string;
  /** The whole nginx.conf; its hash rolls the pods when it changes. */
  readonly nginxConf: string;
  /** @default 2 */
  readonly replicas?: number;
  /** Container ports, in order. */
  readonly ports: readonly { readonly name: string; readonly containerPort: number }[];
  /** The HTTPS port nginx answers `/healthz` on, for the probes. */
  readonly probePort: number;
  /** Secrets mounted read-only, in order, between the configuration and `/tmp`. */
  readonly secrets: readonly { readonly name: string; readonly mountPath: string; readonly secret: DeploymentV1SpecTemplateSpecVolumeSecret }[];
  /** @default - no dependencies */
  readonly configDependsOn?: ITerraformDependable[];
  /** @default - no dependencies */
  readonly proxyDependsOn?: ITerraformDependable[];
}

/**
 * An unprivileged nginx proxy (non-root, read-only root filesystem, no capabilities,
 * bounded resources) with its configuration in a ConfigMap, as the federation endpoint and
 * the Alertmanager peer endpoint run it. Creates `Config` and `Proxy` in `scope`, so each
 * endpoint keeps its resource addresses.
 */
export function nginxProxy(scope: Construct, props: NginxProxyProps): { readonly config: ConfigMapV1; readonly deployment: DeploymentV1 } {
  const { name, namespace, labels } = props;
  const config = new ConfigMapV1(scope, "Config", {
    metadata: { name, namespace, labels },
    data: { "nginx.conf": props.nginxConf },
    dependsOn: props.configDependsOn,
  });
  const probe = { path: "/healthz", port: String(props.probePort), scheme: "HTTPS" };
  const deployment = new DeploymentV1(scope, "Proxy", {
    dependsOn: props.proxyDependsOn,
    metadata: { name, namespace, labels },
    spec: {
      replicas: String(props.replicas ?? 2),
      selector: { matchLabels: { ...props.selector } },
      template: {
        metadata: {
          labels,
          // Rolls the pods when the configuration changes.
          annotations: { "checksum/config": createHash("sha256").update(props.nginxConf).digest("hex") },
        },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: "101", seccompProfile: { type: "RuntimeDefault" } },
          container: [
            {
              name: "nginx",
              image: props.image,
              port: props.ports.map((p) => ({ ...p })),
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              readinessProbe: { httpGet: probe, periodSeconds: 5 },
              livenessProbe: { httpGet: probe, periodSeconds: 20 },
              volumeMount: [
                { name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
                ...props.secrets.map((s) => ({ name: s.name, mountPath: s.mountPath, readOnly: true })),
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volume: [
            { name: "config", configMap: { name: config.metadata.name } },
            ...props.secrets.map((s) => ({ name: s.name, secret: s.secret })),
            { name: "tmp", emptyDir: {} },
          ],
        },
      },
    },
  });
  return { config, deployment };
}
