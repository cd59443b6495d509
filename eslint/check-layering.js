// @ts-check
// Runs only the layering rules (no type information: a second or two) over every workspace's source and
// prints each violation: `node eslint/check-layering.js [paths…]`. Exit status 1 when any is found.
// `npm test` does not need this: each package's `eslint src` runs the same rules.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import nnc from "./plugin.js";
import { REPO_ROOT } from "./workspace.js";

const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ["**/dist/**", "**/node_modules/**", "**/*.js", "**/*.mjs"] },
    {
      files: ["**/*.ts", "**/*.tsx"],
      languageOptions: { parser: tseslint.parser },
      linterOptions: { reportUnusedDisableDirectives: "off" },
      // typescript-eslint's plugin is registered so that `eslint-disable` comments naming its rules resolve
      plugins: { nnc, "@typescript-eslint": tseslint.plugin },
      rules: { "nnc/layering": "error", "nnc/no-cycle": "error", "nnc/browser-safe": "error" },
    },
  ],
});
const args = process.argv.slice(2);
const started = Date.now();
const results = await eslint.lintFiles(
  args.length > 0 ? args : ["packages/*/src/**/*.ts", "apps/*/src/**/*.ts", "test/src/**/*.ts", "test/adversarial/**/*.ts", "bench/src/**/*.ts"],
);
let count = 0;
for (const r of results) {
  for (const m of r.messages) {
    count++;
    console.log(`${r.filePath.slice(REPO_ROOT.length + 1)}:${m.line}:${m.column} ${m.ruleId ?? ""} ${m.message}`);
  }
}
console.error(`${count} layering problems in ${results.length} files (${Date.now() - started} ms)`);
process.exitCode = count > 0 ? 1 : 0;
