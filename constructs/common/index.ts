// Public surface of constructs/common/: other layers import through this file.
export * from "./helm-release-policy";
export * from "./project-files";
