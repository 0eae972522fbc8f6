import type { CloudEndpoints, ClusterLoadBalancer } from "../contracts";

/**
 * A source-restricted LoadBalancer Service on AKS needs no annotation: the cloud provider
 * turns `loadBalancerSourceRanges` into rules of the nodes' network security group; its
 * status carries an IP address.
 */
export const AKS_LOAD_BALANCER: ClusterLoadBalancer = { annotations: {}, addressKind: "ip" };

/**
 * Azure regions as the layers above the cluster reach them: load balancers addressed by
 * IP, and one zone-redundant serving address whatever the zones (AzureNetwork reserves it).
 */
export const AZURE_ENDPOINTS: CloudEndpoints = {
  loadBalancer: AKS_LOAD_BALANCER,
  servingAddressCount: () => 1,
};
