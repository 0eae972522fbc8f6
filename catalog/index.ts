export * from "./gpus";
export * from "./aws";
export * from "./gcp";
export * from "./models";
export * from "./dns-locations";
export * from "./health-checkers";
export * from "./gke-driver-installer";
export * from "./machine-types";
