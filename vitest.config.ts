import { availableParallelism } from "node:os";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages are consumed from source through the "@nnc/source" export condition.
//
// No test asserts a duration, so the timeouts only stop a hang. They are long because `npm test` runs
// every package at once: on a busy 2-core machine a test slows down 30× or more (the runtime's
// tsc --strict check went from 3.7 s to 128 s), and a test that would pass must not fail on that.
// So no test or hook sets a shorter timeout of its own, and a child process a test starts gets 280 s
// (spawnSync's `timeout`): a 30 s beforeAll starting `nnc lsp --stdio` failed the official CI at its load.
//
// `isolate: false`: the test files of a worker share one module graph, so the compiler's modules are
// loaded once per worker instead of once per file (packages/lower: 62.7 → 13.1 CPU-s for its 25 unit
// files). So a file leaves the process as it found it (process.env, cwd, spies: restored in
// afterAll/afterEach) and does not rely on a fresh module: module-level state (memo caches, `started`
// flags) persists from the files run before it in the worker; a test resets what it reads through the
// module's own API.
//
// At least 2 workers (vitest's default is one less than the cores: 1 on a 2-core CI machine, which ran
// each package's files one after another and left a core idle once only @nnc/test was still running).
//
// Files that need a fresh process run isolated: deep-model.test.ts counts executed blocks with V8's
// precise coverage, which has no counters for functions compiled before it started (by the files run
// earlier in a shared worker), so its counts would be incomplete there.
const EXCLUDE = ["**/node_modules/**", "**/dist/**"];
const ISOLATED = ["**/deep-model.test.ts"];

export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: {
    // include/exclude only in the projects: `extends: true` concatenates arrays with the root's.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { extends: true, test: { name: "shared", isolate: false, include: ["**/*.test.ts"], exclude: [...EXCLUDE, ...ISOLATED] } },
      { extends: true, test: { name: "isolated", isolate: true, include: ISOLATED, exclude: EXCLUDE } },
    ],
  },
});
