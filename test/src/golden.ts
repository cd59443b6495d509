import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

/**
 * Compares `actual` with the golden file at `path`. With NNC_UPDATE_GOLDEN=1 (`npm run golden:update`)
 * the file is (re)written instead; review the diff before committing it. A missing golden fails.
 */
export function expectGolden(path: string, actual: string): void {
  if (process.env["NNC_UPDATE_GOLDEN"] === "1") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file missing: ${path} (run \`npm run golden:update\` and review it)`);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
