import { Construct } from "constructs";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import type { ClusterAccess } from "../contracts";
import { helmValuesYaml, projectPath, RELEASE_POLICY } from "../common";
import { rayServiceManifest, type K8sObject, type ServedModelSpec } from "./manifests";
import { ROUTER_LABELS, ROUTER_PORT, routerManifests, type RouterInput } from "./router";

/** Props of {@link LlmServing}. */
export interface LlmServingProps {
  /** The region's cluster and cloud, as the platform layer reaches them. */
  readonly access: ClusterAccess;
  /** The models this region serves, each with the GPU pool it runs on; none serves no model (no chart, router or Service). */
  readonly models: readonly ServedModelSpec[];
  /** The region's name, which the router puts on every response. */
  readonly regionName: string;
  /** Every model of the platform as this region's router routes it (local, spill peer, required for health). */
  readonly modelRoutes: RouterInput["routes"];
  /** The path the global DNS health checks call (`settings.traffic.healthCheck.path`). */
  readonly healthPath: string;
  /** Source ranges allowed through the load balancer: the clients' plus the health checkers'. */
  readonly allowedSourceCidrs: readonly string[];
  /** @default "llm-serving" */
  readonly namespace?: string;
  /** Secret holding the Hugging Face token under key `token`, created outside Terraform. @default "hf-token" */
  readonly hfTokenSecret?: string;
  /**
   * TLS secret (kubernetes.io/tls) with the serving certificate for the global name and
   * `<region>.<global name>`, plus `ca.crt` to verify peers, created outside Terraform.
   * @default "serving-tls"
   */
  readonly tlsSecret?: string;
  /** Secret with the spill token under `token` (same in every region), created outside Terraform. @default "llm-spill-token" */
  readonly spillTokenSecret?: string;
  /** What must be installed first: the KubeRay operator (and its CRDs), the GPU Operator. @default - no extra dependencies */
  readonly dependsOn?: ITerraformDependable[];
}

/** Name of the Kubernetes service account the Ray workers use to read the model store. */
export const MODEL_READER_SERVICE_ACCOUNT = "model-reader";

/**
 * The serving layer of one region: a RayService (Ray Serve + vLLM) per model, a TLS
 * router in front of them, and a `LoadBalancer` Service on the region's static address,
 * restricted to the allowed source ranges. The RayServices are installed by a local Helm
 * chart (`charts/llm-serving`) so the stack plans before the RayService CRD exists. The
 * router (built-in kinds) is applied with `kubernetes_manifest`, outside that release:
 * its pods wait for the out-of-band TLS secret, and Helm's atomic wait must not hang on
 * them. The Service and the model-reader identity are plain Terraform resources.
 */
export class LlmServing extends Construct {
  readonly namespace: NamespaceV1;
  readonly serviceAccount: ServiceAccountV1;
  /** The RayServices the chart applies, one per model; empty when the region serves no model. */
  readonly rayServices: readonly K8sObject[];
  /** The router's ConfigMap and Deployment; empty when the region serves no model. */
  readonly router: readonly K8sObject[];
  readonly release?: Release;
  readonly service?: ServiceV1;

  constructor(scope: Construct, id: string, props: LlmServingProps) {
    super(scope, id);
    const namespace = props.namespace ?? "llm-serving";
    const hfTokenSecret = props.hfTokenSecret ?? "hf-token";
    const tlsSecret = props.tlsSecret ?? "serving-tls";
    const spillTokenSecret = props.spillTokenSecret ?? "llm-spill-token";
    const { models, access } = props;

    this.namespace = new NamespaceV1(this, "Namespace", {
      metadata: {
        name: namespace,
        // baseline is enforced because KubeRay injects the autoscaler sidecar; our own
        // containers meet restricted, and the warning says so when they do not.
        labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" },
      },
    });
    const annotations = access.grantModelStoreRead(this, "ModelReader", { namespace, name: MODEL_READER_SERVICE_ACCOUNT });
    this.serviceAccount = new ServiceAccountV1(this, "ModelReaderServiceAccount", {
      metadata: { name: MODEL_READER_SERVICE_ACCOUNT, namespace, annotations: { ...annotations } },
      automountServiceAccountToken: false,
    });

    this.rayServices = models.map((model) => rayServiceManifest({
      model,
      namespace,
      modelReaderServiceAccount: MODEL_READER_SERVICE_ACCOUNT,
      modelStoreUri: access.modelStoreUri,
      hfTokenSecret,
      modelReaderPodLabels: access.modelReaderPodLabels,
    }));
    this.router = models.length === 0 ? [] : routerManifests({
      region: props.regionName,
      routes: props.modelRoutes,
      namespace,
      healthPath: props.healthPath,
      tlsSecret,
      spillTokenSecret,
    });
    if (models.length === 0) return;

    const chart = new TerraformAsset(this, "Chart", { path: projectPath("charts", "llm-serving"), type: AssetType.DIRECTORY });
    this.release = new Release(this, "Release", {
      name: "llm-serving",
      namespace,
      chart: chart.path,
      // The local chart's version is fixed; its content is pinned by this repository's commit.
      version: "1.0.0",
      ...RELEASE_POLICY,
      // Helm's wait ignores custom resources, so this does not wait for models to load
      // (a first download can outlast any timeout); the health check watches readiness.
      values: [helmValuesYaml({ manifests: this.rayServices })],
      dependsOn: [this.namespace, this.serviceAccount, ...(props.dependsOn ?? [])],
    });

    const [routerConfig, routerDeployment] = this.router;
    const config = new Manifest(this, "RouterConfig", { manifest: routerConfig, dependsOn: [this.namespace] });
    new Manifest(this, "Router", { manifest: routerDeployment, dependsOn: [config] });

    this.service = new ServiceV1(this, "Service", {
      metadata: {
        name: "llm-api",
        namespace,
        labels: { ...ROUTER_LABELS },
        annotations: { ...access.servingLoadBalancerAnnotations },
      },
      spec: {
        type: "LoadBalancer",
        selector: { ...ROUTER_LABELS },
        // Local keeps the client address, which the source-range filter needs.
        externalTrafficPolicy: "Local",
        // Passed through as given: it may be a Terraform list token (peers' egress addresses).
        loadBalancerSourceRanges: props.allowedSourceCidrs as string[],
        port: [{ name: "https", port: 443, targetPort: String(ROUTER_PORT), protocol: "TCP" }],
      },
      dependsOn: [this.namespace],
    });
  }
}
