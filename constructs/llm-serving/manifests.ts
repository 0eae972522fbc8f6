import { stringify as toYaml } from "yaml";
import { rayAcceleratorResource } from "../../catalog/ray-accelerators";
import { GPU_TAINT, NODE_LABELS } from "../contracts";

/**
 * The Kubernetes objects of the serving layer, built by pure functions so tests can
 * validate them against the upstream CRD schema: one RayService per model.
 */

/** The Ray image of the pinned KubeRay release's LLM samples, and its Ray version. */
export const RAY_IMAGE = "rayproject/ray-llm:2.52.0-py311-cu128";
/** Must equal the Ray version inside {@link RAY_IMAGE}: KubeRay uses it to pick compatible settings. */
export const RAY_VERSION = "2.52.0";
/** Port of Ray Serve's HTTP proxy; KubeRay's `<name>-serve-svc` exposes it. */
export const SERVE_PORT = 8000;

/** Port of the Ray dashboard on the head, which serves Serve's REST API (`/api/serve/applications/`). */
export const DASHBOARD_PORT = 8265;

/** A Kubernetes object as a plain tree. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

/**
 * Seconds a worker Pod may sit idle before the KubeRay autoscaler removes it. Serve has
 * already waited its own downscale delay before it frees a replica; a short extra wait
 * keeps a GPU node (minutes to provision and load) for a quick return of load.
 */
export const WORKER_IDLE_TIMEOUT_SECONDS = 300;

/**
 * The GPU pool a model's workers run on, every decision already made (the platform stack
 * resolves it from the region's pool with config/gpu-pools.ts and the machine catalog).
 */
export interface ServingPoolSpec {
  /** The pool name: workers select its nodes by the `NODE_LABELS.pool` label. */
  readonly name: string;
  /** The extended resource a worker requests: `nvidia.com/gpu`, or a MIG slice (`nvidia.com/mig-3g.40gb`). */
  readonly resourceName: string;
  /** GPU devices one node advertises under {@link resourceName} (GPUs x time-slices or MIG slices). */
  readonly devicesPerNode: number;
  /** vCPUs of one node; workers get their share by devices. */
  readonly nodeVcpus: number;
  /** Memory of one node, GiB; workers get their share by devices. */
  readonly nodeMemoryGiB: number;
  /**
   * Ray's names for the pool's GPU: the one Ray detects on the node, and every name
   * (detected and manual) the worker group advertises. Absent on shared GPUs: Ray detects
   * the GPU model of whole GPUs only, and shared devices are placed by pool.
   * @default - none: the GPUs are shared (time-slicing or MIG)
   */
  readonly rayAccelerator?: { readonly detected: string; readonly names: readonly string[] };
  /**
   * Taints the pool's nodes carry besides {@link GPU_TAINT}, which workers must tolerate
   * to schedule there (a cloud's spot taint, for instance).
   * @default - none: the GPU taint only
   */
  readonly extraTaints?: readonly { readonly key: string; readonly value: string; readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute" }[];
  /**
   * Node labels workers select besides the pool label (GKE: the pool's ComputeClass,
   * `cloud.google.com/compute-class`).
   * @default - none: the pool label only
   */
  readonly extraNodeSelector?: Readonly<Record<string, string>>;
}

/** One model as the serving layer runs it: Ray Serve's OpenAI app with one vLLM engine config. */
export interface ServedModelSpec {
  /** The name clients put in `"model"`; also the RayService's name (a DNS label). */
  readonly name: string;
  /** Hugging Face model id; the weights sit under `<model store>/<id>`. */
  readonly model: string;
  /** The pool the workers run on. */
  readonly pool: ServingPoolSpec;
  /** GPUs per replica, all on one worker. @default 1 */
  readonly tensorParallelSize?: number;
  /** Replicas kept when idle; 0 lets the model scale to zero. @default 1 */
  readonly minReplicas?: number;
  /** @default 2 */
  readonly maxReplicas?: number;
  /** vLLM `max_model_len`. @default 8192 */
  readonly maxModelLen?: number;
  /** vLLM `gpu_memory_utilization`. @default 0.9 */
  readonly gpuMemoryUtilization?: number;
  /** Serve autoscaling `target_ongoing_requests` per replica. @default 16 */
  readonly targetOngoingRequests?: number;
  /**
   * Ray accelerator name the replicas require (Ray Serve LLM's `accelerator_type`).
   * @default - the name Ray detects on the pool's GPU; none on shared GPUs
   */
  readonly acceleratorType?: string;
}

/**
 * The defaults of {@link ServedModelSpec}, resolved in one place. They equal the region
 * schema's (`ModelSchema` in config/schema.ts; a test compares them), so a model built
 * from a region file and one built by hand serve alike.
 */
export const SERVED_MODEL_DEFAULTS = {
  tensorParallelSize: 1,
  minReplicas: 1,
  maxReplicas: 2,
  maxModelLen: 8192,
  gpuMemoryUtilization: 0.9,
  targetOngoingRequests: 16,
} as const;

/** A {@link ServedModelSpec} with every default applied. */
export type ResolvedServedModel = Required<Omit<ServedModelSpec, "acceleratorType">> & Pick<ServedModelSpec, "acceleratorType">;

/** Applies {@link SERVED_MODEL_DEFAULTS} to a model (without mutating it). */
export function resolveServedModel(m: ServedModelSpec): ResolvedServedModel {
  const d = SERVED_MODEL_DEFAULTS;
  return {
    name: m.name,
    model: m.model,
    pool: m.pool,
    tensorParallelSize: m.tensorParallelSize ?? d.tensorParallelSize,
    minReplicas: m.minReplicas ?? d.minReplicas,
    maxReplicas: m.maxReplicas ?? d.maxReplicas,
    maxModelLen: m.maxModelLen ?? d.maxModelLen,
    gpuMemoryUtilization: m.gpuMemoryUtilization ?? d.gpuMemoryUtilization,
    targetOngoingRequests: m.targetOngoingRequests ?? d.targetOngoingRequests,
    ...(m.acceleratorType !== undefined ? { acceleratorType: m.acceleratorType } : {}),
  };
}

/** How a model's RayService reaches the rest of the region. */
export interface RayServiceInput {
  readonly model: ServedModelSpec;
  readonly namespace: string;
  /** The Kubernetes service account bound to the model-store reader identity (workers only). */
  readonly modelReaderServiceAccount: string;
  /** The region's model store as a URI (`s3://bucket`, `gs://bucket`); weights sit under `<uri>/<model id>`. */
  readonly modelStoreUri: string;
  /** Secret (created outside Terraform) holding the Hugging Face token under key `token`. */
  readonly hfTokenSecret: string;
  /** Labels the model-store identity needs on the workers' pods (AKS workload identity). @default - none */
  readonly modelReaderPodLabels?: Readonly<Record<string, string>>;
}

/** KubeRay's Serve service for a RayService: the router's upstream. */
export function serveServiceName(model: { readonly name: string }): string {
  return `${model.name}-serve-svc`;
}

/**
 * The head service KubeRay keeps for a RayService, `<name>-head-svc`, which follows the
 * active cluster across NewCluster upgrades (KubeRay `GenerateHeadServiceName`, RayServiceCRD
 * case): the router reads Serve's application status from its dashboard.
 */
export function headServiceName(model: { readonly name: string }): string {
  return `${model.name}-head-svc`;
}

/**
 * CPU and memory of one worker: its share of the node by devices, less room for the
 * kubelet and the GPU operands (2 vCPU, 15% of memory + 2 GiB).
 */
export function workerResources(pool: ServingPoolSpec, devices: number): { cpu: string; memory: string } {
  const share = devices / pool.devicesPerNode;
  const cpu = Math.max(1, Math.floor((pool.nodeVcpus - 2) * share));
  const memoryGiB = Math.max(4, Math.floor((pool.nodeMemoryGiB * 0.85 - 2) * share));
  return { cpu: String(cpu), memory: `${memoryGiB}Gi` };
}

/**
 * The Ray accelerator name a model's replicas require (Ray Serve LLM's `accelerator_type`):
 * the model's own `acceleratorType`, else the name Ray detects on the pool's GPU. None on
 * shared GPUs: Ray detects the GPU model of whole GPUs only, and shared devices are placed
 * by pool.
 */
export function modelAcceleratorType(model: Pick<ServedModelSpec, "acceleratorType" | "pool">): string | undefined {
  const ray = model.pool.rayAccelerator;
  if (ray === undefined) return undefined;
  return model.acceleratorType ?? ray.detected;
}

/**
 * The custom Ray resources a worker group advertises: every accelerator name of the pool's
 * GPU (detected and manual). The KubeRay autoscaler reads a group's custom resources only
 * from `rayStartParams.resources` or the group's `resources` field (autoscaling_config.py),
 * so without this a group with zero workers never offers `accelerator_type:<name>` and a
 * model scaled to zero can never scale up.
 */
export function workerCustomResources(pool: ServingPoolSpec): Record<string, number> {
  return Object.fromEntries((pool.rayAccelerator?.names ?? []).map((n) => [rayAcceleratorResource(n), 1]));
}

/**
 * `rayStartParams.resources` in the one form KubeRay and its autoscaler both read: a
 * shell-quoted JSON object, `"{\"accelerator_type:L4\": 1}"` (ray-cluster.complete.yaml).
 */
export function rayStartResourcesParam(resources: Readonly<Record<string, number>>): string {
  return `"${JSON.stringify(resources).replaceAll('"', '\\"')}"`;
}

/** Ray Serve's config for one model: the OpenAI app with one LLM config, autoscaled. */
export function serveConfig(input: Pick<RayServiceInput, "model" | "modelStoreUri">): Record<string, unknown> {
  const model = resolveServedModel(input.model);
  const llmConfig: Record<string, unknown> = {
    model_loading_config: {
      // The name clients put in "model"; the weights come from the region's store.
      model_id: model.name,
      model_source: { bucket_uri: `${input.modelStoreUri}/${model.model}` },
    },
    deployment_config: {
      autoscaling_config: {
        min_replicas: model.minReplicas,
        max_replicas: model.maxReplicas,
        target_ongoing_requests: model.targetOngoingRequests,
      },
    },
    engine_kwargs: {
      tensor_parallel_size: model.tensorParallelSize,
      max_model_len: model.maxModelLen,
      gpu_memory_utilization: model.gpuMemoryUtilization,
    },
  };
  const accelerator = modelAcceleratorType(model);
  if (accelerator !== undefined) llmConfig.accelerator_type = accelerator;
  return {
    proxy_location: "EveryNode",
    http_options: { host: "0.0.0.0", port: SERVE_PORT },
    applications: [{
      name: model.name,
      route_prefix: "/",
      import_path: "ray.serve.llm:build_openai_app",
      args: { llm_configs: [llmConfig] },
    }],
  };
}

const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  // uid of the `ray` user in the rayproject images.
  runAsUser: 1000,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/**
 * One RayService (ray.io/v1) per model: Ray Serve + vLLM on a head with no GPUs (system
 * pool) and one worker group on the model's GPU pool, each worker holding
 * `tensorParallelSize` GPUs. Ray's autoscaler adds workers as Serve adds replicas.
 */
export function rayServiceManifest(input: RayServiceInput): K8sObject {
  const model = resolveServedModel(input.model);
  const { pool } = model;
  const tp = model.tensorParallelSize;
  const gpuResource = pool.resourceName;
  const worker = workerResources(pool, tp);
  const custom = workerCustomResources(pool);
  const labels = { "app.kubernetes.io/part-of": "llm-serving", "llm-platform.dev/model": model.name };
  return {
    apiVersion: "ray.io/v1",
    kind: "RayService",
    metadata: { name: model.name, namespace: input.namespace, labels },
    spec: {
      serveConfigV2: toYaml(serveConfig(input), { lineWidth: 0 }),
      // The head's Serve proxy answers /-/healthz even with no replica anywhere (Ray
      // proxy_router.ready_for_traffic: always ready on the head), so with the head in
      // <name>-serve-svc a model without replicas still takes (and hangs) requests.
      // Excluded, only workers whose proxy has a running replica stay in the service and
      // a dead model refuses connections, which the router spills at once. A model that
      // scales from zero keeps the head: its proxy is what receives the first request and
      // triggers the upscale (the reason Ray keeps the head proxy ready).
      excludeHeadPodFromServeSvc: model.minReplicas > 0,
      // A changed config rolls out on a new cluster and switches traffic when it is ready.
      upgradeStrategy: { type: "NewCluster" },
      rayClusterConfig: {
        rayVersion: RAY_VERSION,
        enableInTreeAutoscaling: true,
        autoscalerOptions: {
          resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
          securityContext: CONTAINER_SECURITY,
          idleTimeoutSeconds: WORKER_IDLE_TIMEOUT_SECONDS,
        },
        headGroupSpec: {
          // No Ray tasks on the head: it runs GCS, the dashboard and a Serve proxy.
          rayStartParams: { "num-cpus": "0", "num-gpus": "0" },
          template: {
            metadata: { labels },
            spec: {
              nodeSelector: { [NODE_LABELS.pool]: "system" },
              containers: [{
                name: "ray-head",
                image: RAY_IMAGE,
                resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "2", memory: "8Gi" } },
                ports: [
                  { containerPort: 6379, name: "gcs-server" },
                  { containerPort: DASHBOARD_PORT, name: "dashboard" },
                  { containerPort: 10001, name: "client" },
                  { containerPort: SERVE_PORT, name: "serve" },
                ],
                securityContext: CONTAINER_SECURITY,
              }],
            },
          },
        },
        workerGroupSpecs: [{
          groupName: "gpu",
          replicas: model.minReplicas,
          minReplicas: model.minReplicas,
          maxReplicas: model.maxReplicas,
          // Explicit, because Ray cannot count MIG slices advertised under their own name.
          rayStartParams: {
            "num-gpus": String(tp),
            ...(Object.keys(custom).length > 0 ? { resources: rayStartResourcesParam(custom) } : {}),
          },
          template: {
            // Karpenter never drains a node voluntarily while a serving worker runs on it.
            metadata: { labels: { ...labels, ...input.modelReaderPodLabels }, annotations: { "karpenter.sh/do-not-disrupt": "true" } },
            spec: {
              // Only workers read weights, so only they carry the model-store identity.
              serviceAccountName: input.modelReaderServiceAccount,
              nodeSelector: { [NODE_LABELS.pool]: pool.name, ...pool.extraNodeSelector },
              tolerations: [GPU_TAINT, ...(pool.extraTaints ?? [])].map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
              containers: [{
                name: "ray-worker",
                image: RAY_IMAGE,
                env: [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: input.hfTokenSecret, key: "token" } } }],
                resources: {
                  requests: { cpu: worker.cpu, memory: worker.memory, [gpuResource]: String(tp) },
                  limits: { cpu: worker.cpu, memory: worker.memory, [gpuResource]: String(tp) },
                },
                volumeMounts: [{ name: "dshm", mountPath: "/dev/shm" }],
                securityContext: CONTAINER_SECURITY,
              }],
              // NCCL between tensor-parallel ranks needs more shared memory than the 64 MiB default.
              volumes: [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } }],
            },
          },
        }],
      },
    },
  };
}
