// Typed linting for every workspace: `npm run check:lint` lints them all in one process (so in `npm test`);
// a package's own `npm run lint` (`eslint src`) still works from its folder.
//
// Type information comes from two programs, not one per package: tsconfig.check.json (every workspace
// but the playground) and the playground's own (the DOM library). A package's tsconfig would re-check
// the sources of every package it imports; one shared program lints everything in ≈ 86 CPU-s where the
// per-package runs took ≈ 270 (a fresh CI's 20 lint tasks), and typescript-eslint's project service in
// one process ≈ 131.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nnc from "./eslint/plugin.js";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/*.js", "**/*.mjs", "**/test-output/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ["./tsconfig.check.json"], tsconfigRootDir: import.meta.dirname },
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
    files: ["apps/playground/**/*.ts"],
    languageOptions: { parserOptions: { project: ["./apps/playground/tsconfig.json"], tsconfigRootDir: import.meta.dirname } },
  },
  {
    // ARCHITECTURE.md's direction (table: eslint/layers.js), no import cycles, no Node built-in reachable
    // from a browser entry: in every package's `eslint src`, so in `npm test`.
    plugins: { nnc },
    rules: { "nnc/layering": "error", "nnc/no-cycle": "error", "nnc/browser-safe": "error" },
  },
);
