import { defineConfig, defaultClientConditions, defaultServerConditions } from "vite";

// Workspace packages are consumed from source through the "@nnc/source" export condition.
//
// No test asserts a duration, so the timeouts only stop a hang. They are long because `npm test` runs
// every package at once: on a busy 2-core machine a test slows down 30× or more (the runtime's
// tsc --strict check went from 3.7 s to 128 s), and a test that would pass must not fail on that.
export default defineConfig({
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@nnc/source", ...defaultServerConditions] } },
  test: { include: ["**/*.test.ts"], exclude: ["**/node_modules/**", "**/dist/**"], testTimeout: 300_000, hookTimeout: 300_000 },
});
