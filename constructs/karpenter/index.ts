export * from "./controller-policy";
export * from "./karpenter";
export * from "./karpenter-aws-resources";
export * from "./manifests";
