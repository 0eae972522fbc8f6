import type { CloudEndpoints, ClusterLoadBalancer } from "../contracts";

/**
 * A source-restricted LoadBalancer Service on GKE needs no annotation: the source ranges
 * become the forwarding rule's firewall; its status carries an IP address.
 */
export const GKE_LOAD_BALANCER: ClusterLoadBalancer = { annotations: {}, addressKind: "ip" };

/**
 * GCP regions as the layers above the cluster reach them: load balancers addressed by IP,
 * and one regional serving address whatever the zones (GcpNetwork reserves it).
 */
export const GCP_ENDPOINTS: CloudEndpoints = {
  loadBalancer: GKE_LOAD_BALANCER,
  servingAddressCount: () => 1,
};
