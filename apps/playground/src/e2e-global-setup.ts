/**
 * Global set-up of the playground's vitest run: a fresh id per run, so the e2e files (run one after
 * another) build the app once per run into test-output/dist-<id>/ and reuse that build
 * (e2e-harness.ts), never an older one nor one a concurrent run is rebuilding; the folder is removed
 * when the run ends.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

/** Where the e2e build of run `id` lives. */
export const distOf = (id: string): string => join(resolve(import.meta.dirname, ".."), "test-output", `dist-${id}`);

declare module "vitest" {
  export interface ProvidedContext {
    e2eRun: string;
  }
}

export default function setup(project: TestProject): () => void {
  const id = randomUUID();
  project.provide("e2eRun", id);
  return () => {
    rmSync(distOf(id), { recursive: true, force: true });
  };
}
