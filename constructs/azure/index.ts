// Public surface of constructs/azure/: other layers import through this file.
export * from "./aks-cluster";
export * from "./aks-gpu-node-pool";
export * from "./azure-network";
export * from "./azure-region-key";
export * from "./azure-disk-encryption-set";
export * from "./blob-model-store";
export * from "./aks-cluster-access";
export * from "./blob-model-replication";
export * from "./azure-endpoints";
