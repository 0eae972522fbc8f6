// Public surface of constructs/gcp/: other layers import through this file.
export * from "./cloud-dns-federation-records";
export * from "./cloud-dns-global-dns";
export * from "./gcp-endpoints";
export * from "./gcp-network";
export * from "./gcp-region-key";
export * from "./gcs-model-replication";
export * from "./gcs-model-store";
export * from "./gke-cluster";
export * from "./gke-cluster-access";
export * from "./gke-cos-driver-installer";
export * from "./gke-gpu-node-pool";
export * from "./project-services";
export * from "./cloud-dns-authority";
