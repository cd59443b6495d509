// Types of plugin.js for TypeScript importers (the rule tests in test/src/).
import type { ESLint } from "eslint";

declare const plugin: ESLint.Plugin & { rules: Record<"layering" | "no-cycle" | "browser-safe", import("eslint").Rule.RuleModule> };
export default plugin;
