// Public surface of constructs/kuberay/: other layers import through this file.
export * from "./kuberay-operator";
