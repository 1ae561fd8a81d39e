export * from "./auth";
export * from "./tenancy";
export * from "./billing";
export * from "./learning";
export * from "./private";
export * from "./analytics";
