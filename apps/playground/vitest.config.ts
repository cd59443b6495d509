import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The e2e suite builds the app and drives it in Chromium: one file, sequential. Its waits have no
// clock of their own (training in the page is as slow as the machine is busy); these bound them.
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
