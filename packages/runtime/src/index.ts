export * from "./compiled-model.ts";
