export * from "./gpu-operator";
export * from "./values";
