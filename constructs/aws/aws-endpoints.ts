import type { CloudEndpoints, ClusterLoadBalancer } from "../contracts";

/**
 * A source-restricted LoadBalancer Service on EKS: a network load balancer, which
 * enforces `loadBalancerSourceRanges` on the nodes' security group; its status carries a
 * DNS name.
 */
export const EKS_LOAD_BALANCER: ClusterLoadBalancer = {
  annotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
  addressKind: "hostname",
};

/**
 * AWS regions as the layers above the cluster reach them: NLBs addressed by DNS name, and
 * one serving Elastic IP per zone (AwsNetwork reserves one per NLB subnet).
 */
export const AWS_ENDPOINTS: CloudEndpoints = {
  loadBalancer: EKS_LOAD_BALANCER,
  servingAddressCount: (zones) => zones.length,
};
