import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordingIo, runCli } from "@nnc/cli";
import { describe, expect, it } from "vitest";

const example = fileURLToPath(new URL("../../examples/spirals.nn", import.meta.url));

/** JSON lines printed by `nnc train --json`. */
function jsonLines(out: readonly string[]): Record<string, unknown>[] {
  return out
    .join("")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("nnc train, end to end", () => {
  it("trains examples/spirals.nn to at least 95 % validation accuracy, then predicts from its checkpoint", { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-e2e-"));
    const ckpt = join(dir, "spirals.ckpt");
    const io = recordingIo();
    // The CI budget is the test's timeout, not a timing assertion.
    const status = await runCli(["train", example, "--json", "--save", ckpt], io);
    expect(io.err.join("")).toContain("training Spiral on spirals(n=1000, noise=0.1)");
    expect(status).toBe(0);
    const lines = jsonLines(io.out);
    expect(lines.length).toBe(61);
    const final = lines.at(-1)!;
    expect(final["final"]).toBe(true);
    expect(final["val_accuracy"]).toBeGreaterThanOrEqual(0.95);

    const p = recordingIo();
    expect(await runCli(["predict", example, "--checkpoint", ckpt, "--input", "spirals(n=200, noise=0.1, seed=3)", "--json"], p)).toBe(0);
    const summary = jsonLines(p.out).at(-1)!;
    expect(summary["count"]).toBe(200);
    expect(summary["accuracy"]).toBeGreaterThanOrEqual(0.9);
  });
});
