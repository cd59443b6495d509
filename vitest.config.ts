import { defineConfig, defaultClientConditions, defaultServerConditions } from "vite";

// Workspace packages are consumed from source through the "@nnc/source" export condition.
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: { include: ["**/*.test.ts"], exclude: ["**/node_modules/**", "**/dist/**"], testTimeout: 30000 },
});
