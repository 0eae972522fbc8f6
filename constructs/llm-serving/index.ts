export * from "./llm-serving";
export * from "./manifests";
export * from "./router";
export * from "./router-config";
export * from "./router-script";
