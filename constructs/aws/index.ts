// Public surface of constructs/aws/: other layers import through this file.
export * from "./aws-endpoints";
export * from "./aws-network";
export * from "./aws-region-key";
export * from "./eks-cluster";
export * from "./eks-cluster-access";
export * from "./eks-launch-template";
export * from "./route53-federation-records";
export * from "./route53-global-dns";
export * from "./s3-model-replication";
export * from "./s3-model-store";
export * from "./kms-key-policy";
export * from "./route53-authority";
