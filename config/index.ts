export * from "./schema";
export * from "./errors";
export * from "./names";
export * from "./cidr";
export * from "./rules";
export * from "./validate";
export * from "./load";
export * from "./failover-budget";
