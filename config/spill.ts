import type { RegionConfig } from "./schema";

/**
 * Where each region's router sends each model of the platform: to its own RayService when
 * it serves the model and the model is ready, else to one peer region that serves it.
 * Pure: the platform stack turns this into router props, the drill into loopback routers.
 */

/** One model as one region's router handles it. */
export interface ModelRoute {
  /** The model name clients put in the path (`/<model>/v1/...`). */
  readonly model: string;
  /** This region runs a RayService for the model. */
  readonly servedHere: boolean;
  /**
   * The region's health path fails while this model is not ready: served here with
   * `minReplicas > 0`. A model that scales from zero is not required (it would make
   * the region unhealthy whenever it is idle).
   */
  readonly requiredForHealth: boolean;
  /** The one peer region requests go to when this region cannot serve them; absent when no other region serves the model. */
  readonly spillTo?: SpillTarget;
}

/** A peer region's router, reached over HTTPS at its own name. */
export interface SpillTarget {
  readonly region: string;
  /** `<region>.<global fqdn>`: the per-region record the global stack keeps, also the TLS name checked. */
  readonly host: string;
}

/**
 * The per-region serving name: the global stack keeps an A record for it on the region's
 * static serving addresses, and the serving certificate must cover it (peers verify it).
 */
export function regionServingHost(region: string, fqdn: string): string {
  return `${region}.${fqdn}`;
}

/** Every model name of the platform, sorted: each region's router answers all of them. */
export function modelCatalog(regions: readonly Pick<RegionConfig, "models">[]): string[] {
  return [...new Set(regions.flatMap((r) => r.models.map((m) => m.name)))].sort();
}

/**
 * The routes of one region's router. The peer is the first other region, in failover
 * priority order (`traffic.priority`, 1 first), that serves the model.
 */
export function modelRoutes(
  regions: readonly Pick<RegionConfig, "name" | "models" | "traffic">[],
  regionName: string,
  fqdn: string,
): ModelRoute[] {
  const self = regions.find((r) => r.name === regionName);
  if (!self) throw new Error(`modelRoutes: no region ${regionName}`);
  return modelCatalog(regions).map((model) => {
    const here = self.models.find((m) => m.name === model);
    const peer = spillPeer(regions, regionName, model);
    return {
      model,
      servedHere: here !== undefined,
      requiredForHealth: (here?.minReplicas ?? 0) > 0,
      ...(peer ? { spillTo: { region: peer.name, host: regionServingHost(peer.name, fqdn) } } : {}),
    };
  });
}

/**
 * The one peer region `regionName`'s router spills `model` to: the first other region, in
 * failover priority order (`traffic.priority`, 1 first), that serves it. The router has no
 * second choice: while that peer is down, the spill fails (config/capacity-failover.ts
 * counts such a model as lost).
 */
export function spillPeer<R extends Pick<RegionConfig, "name" | "models" | "traffic">>(
  regions: readonly R[],
  regionName: string,
  model: string,
): R | undefined {
  const byPriority = [...regions].sort((a, b) => a.traffic.priority - b.traffic.priority);
  return byPriority.find((r) => r.name !== regionName && r.models.some((m) => m.name === model));
}

/** The regions whose routers spill into `regionName`: their egress addresses must reach its load balancer. */
export function spillSources(
  regions: readonly Pick<RegionConfig, "name" | "models" | "traffic">[],
  regionName: string,
  fqdn: string,
): string[] {
  return regions
    .filter((r) => r.name !== regionName && modelRoutes(regions, r.name, fqdn).some((route) => route.spillTo?.region === regionName))
    .map((r) => r.name);
}
