import type { GpuName } from "./gpus";

/**
 * Ray's accelerator names for the catalog's GPUs: the one table the serving layer, the
 * zero-worker placement rule and the tests use.
 *
 * Source: ray-project/ray `python/ray/util/accelerators/accelerators.py` at commit
 * f3b563a (master of 2025-10-21, just before 2.52.0; vendored unchanged as
 * `reference/ray/accelerators-ray-master-f3b563a.py`). A test checks every name below
 * against that file. Compiled: 2025-10.
 */
export const RAY_ACCELERATORS_SOURCE = {
  source: "ray-project/ray python/ray/util/accelerators/accelerators.py @ f3b563a (reference/ray/)",
  compiled: "2025-10",
} as const;

/** How Ray names one GPU model. */
export interface RayAcceleratorNames {
  /**
   * The name Ray detects on a node with this GPU and adds as the resource
   * `accelerator_type:<name>` (constants above the "not auto-added" note in accelerators.py).
   */
  readonly detected: string;
  /**
   * Names Ray defines but does not add by itself (`A100-40G`, `A100-80G`: "you'll have to
   * add them manually"); the worker group advertises them so a model may ask for them.
   */
  readonly manual: readonly string[];
}

/** Ray accelerator names by catalog GPU. */
export const RAY_ACCELERATORS: Readonly<Record<GpuName, RayAcceleratorNames>> = {
  T4: { detected: "T4", manual: [] },
  A10G: { detected: "A10G", manual: [] },
  L4: { detected: "L4", manual: [] },
  L40S: { detected: "L40S", manual: [] },
  // Ray detects every A100 as "A100"; the size-specific names are manual only.
  "A100-40GB": { detected: "A100", manual: ["A100-40G"] },
  "A100-80GB": { detected: "A100", manual: ["A100-80G"] },
  "H100-80GB": { detected: "H100", manual: [] },
};

/** Every Ray accelerator name a node of this GPU carries once the worker group advertises the manual ones. */
export function rayAcceleratorNames(gpu: GpuName): readonly string[] {
  const names = RAY_ACCELERATORS[gpu];
  return [names.detected, ...names.manual];
}

/** Ray's custom resource for an accelerator name: `accelerator_type:L40S`. */
export function rayAcceleratorResource(name: string): string {
  return `accelerator_type:${name}`;
}
