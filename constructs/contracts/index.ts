// Public surface of constructs/contracts/: other layers import through this file.
export * from "./cloud-cluster";
export * from "./cluster-access";
export * from "./gpu-node-pool";
export * from "./region-endpoint";
