/**
 * Test support: temporary folders that do not outlive their tests. `removeAfter` is the vitest hook
 * that decides when the folder goes: `onTestFinished` inside a test, `afterAll` at a file's or a
 * describe's top level (passed in, so this module imports no test framework).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function tempDir(prefix: string, removeAfter: (cleanup: () => void) => void): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  removeAfter(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
