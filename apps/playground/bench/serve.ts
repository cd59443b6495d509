/**
 * The app as a user gets it: built by vite into a folder, served by vite preview on 127.0.0.1 (a free
 * port), opened in Chromium through playwright-core — the browser the e2e suite uses
 * (src/chromium-launch.ts: NNC_CHROMIUM, else Debian's /usr/bin/chromium, with the same flags).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CHROMIUM, CHROMIUM_ARGS } from "../src/chromium-launch.ts";
import { chromium, type Browser } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

export const APP = resolve(import.meta.dirname, "..");

/** Builds the app into a fresh temporary folder; `remove` deletes it. */
export async function buildApp(): Promise<{ readonly dist: string; readonly remove: () => void }> {
  const dist = mkdtempSync(join(tmpdir(), "nnc-playground-bench-"));
  await build({ root: APP, logLevel: "warn", build: { outDir: dist, emptyOutDir: true } });
  return {
    dist,
    remove: () => {
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Serves a built folder; resolves with its base URL and the server (to close). */
export async function serve(dist: string): Promise<{ readonly base: string; readonly server: PreviewServer }> {
  const server = await preview({ root: APP, logLevel: "warn", build: { outDir: dist }, preview: { host: "127.0.0.1", port: 0, strictPort: false, open: false } });
  const addr = server.httpServer.address();
  if (addr === null || typeof addr === "string") throw new Error("preview server has no port");
  return { base: `http://127.0.0.1:${addr.port}/`, server };
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
