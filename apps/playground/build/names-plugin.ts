/**
 * Build-time names asset (see names-pack.ts for what it holds), served from the page's own origin.
 * The runtime is consumed from source ("@nnc/source"), which Node cannot import while vite loads its
 * config, so the packer is loaded by a throw-away vite server with that condition, the workspace
 * packages inlined (not externalized to Node).
 */
import { fileURLToPath } from "node:url";
import { createServer, defaultServerConditions, type Plugin } from "vite";
import { NAMES_FILE } from "../src/learn/names-format.ts";

export { NAMES_FILE };

async function packed(): Promise<Uint8Array> {
  const conditions = ["@nnc/source", ...defaultServerConditions];
  const entry = fileURLToPath(new URL("./names-pack.ts", import.meta.url));
  const server = await createServer({ configFile: false, logLevel: "warn", appType: "custom", server: { middlewareMode: true, hmr: false, ws: false }, resolve: { conditions }, ssr: { noExternal: [/^@nnc\//], resolve: { conditions, externalConditions: conditions } } });
  try {
    const mod = (await server.ssrLoadModule(entry)) as { packNames: () => Uint8Array };
    return mod.packNames();
  } finally {
    await server.close();
  }
}

export function namesPlugin(): Plugin {
  let cached: Promise<Uint8Array> | null = null;
  const bytes = (): Promise<Uint8Array> => (cached ??= packed());
  return {
    name: "nnc-names",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0]?.endsWith(`/${NAMES_FILE}`) !== true) {
          next();
          return;
        }
        bytes().then(
          (b) => {
            res.setHeader("Content-Type", "application/octet-stream");
            res.end(b);
          },
          (e: unknown) => {
            next(e);
          },
        );
      });
    },
    async generateBundle() {
      this.emitFile({ type: "asset", fileName: NAMES_FILE, source: await bytes() });
    },
  };
}
