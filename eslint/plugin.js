// @ts-check
// The repository's own ESLint rules: the layering of ARCHITECTURE.md, enforced in every package's `eslint src` (README "Layering").
import { layeringRule } from "./rules/layering.js";
import { noCycleRule } from "./rules/no-cycle.js";
import { browserSafeRule } from "./rules/browser-safe.js";

/** @type {import("eslint").ESLint.Plugin} */
const plugin = {
  meta: { name: "nnc" },
  rules: { layering: layeringRule, "no-cycle": noCycleRule, "browser-safe": browserSafeRule },
};
export default plugin;
