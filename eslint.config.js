// Typed linting for every workspace; each package runs `eslint src` from its own folder.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nnc from "./eslint/plugin.js";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/*.js", "**/*.mjs", "**/test-output/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // ARCHITECTURE.md's direction (table: eslint/layers.js), no import cycles, no Node built-in reachable
    // from a browser entry: in every package's `eslint src`, so in `npm test`.
    plugins: { nnc },
    rules: { "nnc/layering": "error", "nnc/no-cycle": "error", "nnc/browser-safe": "error" },
  },
);
