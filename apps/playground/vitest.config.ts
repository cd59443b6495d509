import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The e2e suite builds the app and drives it in Chromium: one file, sequential, generous timeouts.
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: {
    include: ["src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
