import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

const E2E = "src/**/e2e*.test.ts";

// The e2e suites build the app once per run (e2e-global-setup.ts) and drive it in Chromium, one file
// after another, in one process that keeps the modules they import (vite, playwright-core, the
// compiler) from one file to the next: `isolate: false` (their harness resets its own state per file).
// The unit tests keep a fresh module graph per file. Waits have no clock of their own (training in the
// page is as slow as the machine is busy); the timeouts only stop a hang: 5 minutes for every test and
// hook (none sets a shorter one of its own; e2e-a11y's axe walk through every view took 41 s at load 14,
// and a fresh-clone CI's load is ≈ 20 on two cores).
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: {
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ["./src/e2e-global-setup.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts"], exclude: ["**/node_modules/**", "**/dist/**", E2E] } },
      { extends: true, test: { name: "e2e", include: [E2E], isolate: false } },
    ],
  },
});
