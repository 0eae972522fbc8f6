export * from "./llm-serving";
export * from "./manifests";
export * from "./router";
