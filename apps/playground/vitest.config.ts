import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The e2e suites build the app once per run (e2e-global-setup.ts) and drive it in Chromium, one file
// after another. Their waits have no clock of their own (training in the page is as slow as the
// machine is busy); these bound them.
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    globalSetup: ["./src/e2e-global-setup.ts"],
  },
});
