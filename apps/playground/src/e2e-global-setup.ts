/**
 * Global set-up of the playground's vitest run: a fresh id per run, so the e2e files (run one after
 * another) build the app once per run and reuse that build (e2e-harness.ts), never an older one.
 */
import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    e2eRun: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide("e2eRun", randomUUID());
}
