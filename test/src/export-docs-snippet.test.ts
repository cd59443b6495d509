/**
 * docs/export.md's Node snippet (ten steps of the exported MNIST MLP training step in
 * onnxruntime-node), extracted from the page as written, run by node on the file `nnc export
 * examples/mnist-mlp.nn --train-step` writes, prints the ten loss lines the page shows.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";

const root = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(root, "docs", "export.md"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "nnc-export-doc-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The body of the first fenced block of `lang` whose text contains `marker`. */
function fenced(lang: string, marker: string): string {
  for (const m of doc.matchAll(/```(\w*)[^\n]*\n([\s\S]*?)```/g)) if (m[1] === lang && m[2]!.includes(marker)) return m[2]!;
  throw new Error(`docs/export.md has no \`\`\`${lang} block containing ${JSON.stringify(marker)}`);
}

describe("docs/export.md's onnxruntime-node snippet", () => {
  it("prints the ten losses the page shows", async () => {
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["export", join(root, "examples", "mnist-mlp.nn"), "--train-step", "-o", join(dir, "mnist-mlp.train-step.onnx")], io)).toBe(0);
    writeFileSync(join(dir, "ten-steps.mjs"), fenced("js", "Ten steps of the exported MNIST MLP"));
    // The snippet imports onnxruntime-node and onnx-proto as a user's project would: from its node_modules.
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
    const run = spawnSync(process.execPath, ["ten-steps.mjs"], { cwd: dir, encoding: "utf8", timeout: 280_000 });
    expect(run.error).toBeUndefined();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const shown = fenced("console", "$ node ten-steps.mjs").split("\n").slice(1).join("\n");
    expect(shown).toMatch(/^step 1 {2}loss \d\.\d{4}\n[\s\S]*step 10 {2}loss \d\.\d{4}\n$/);
    expect(run.stdout).toBe(shown);
  });
});
