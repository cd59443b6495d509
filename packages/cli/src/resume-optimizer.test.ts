import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "@nnc/runtime";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";
import { tempDir } from "./temp-dir-support.ts";

// docs/training.md: a checkpoint saved with another optimizer is refused on resume (E0641), by
// `nnc train --resume` and by a compiled program alike. adam and adamw keep the same state tensors
// (m, v, step), so only the optimizer recorded in the checkpoint tells them apart; sgd keeps none.
const SPIRALS = readFileSync(fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url)), "utf8");
const dir = tempDir("nnc-resume-opt-", afterAll);
const ckpt = join(dir, "adam.ckpt");

function variant(name: string, optimizer: string): string {
  const path = join(dir, `${name}.nn`);
  writeFileSync(path, SPIRALS.replace("optimizer = adam(lr = 0.01)", `optimizer = ${optimizer}`).replace("n = 1000", "n = 100"));
  return path;
}

async function nnc(argv: string[]): Promise<{ code: number; err: string }> {
  const io = recordingIo();
  const code = await runCli(argv, io);
  return { code, err: io.err.join("") };
}

describe("resuming from a checkpoint saved with another optimizer", () => {
  beforeAll(async () => {
    expect((await nnc(["train", variant("adam", "adam(lr = 0.01)"), "--epochs", "1", "--save", ckpt])).code).toBe(EXIT.ok);
  });

  it("records the optimizer in the checkpoint and resumes under the same one", async () => {
    expect(loadCheckpoint(ckpt).optimizer).toBe("adam");
    expect((await nnc(["train", join(dir, "adam.nn"), "--resume", ckpt, "--epochs", "2"])).code).toBe(EXIT.ok);
  });

  it("refuses adamw (same state layout) with E0641 naming both", async () => {
    const r = await nnc(["train", variant("adamw", "adamw(lr = 0.01)"), "--resume", ckpt, "--epochs", "2"]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain(`error[E0641]: the checkpoint \`${ckpt}\` does not fit model \`Spiral\`: it was saved with optimizer \`adam\`, but this run uses \`adamw\``);
  });

  it("refuses sgd (no state) with E0641 naming the state it would drop", async () => {
    const r = await nnc(["train", variant("sgd", "sgd(lr = 0.1)"), "--resume", ckpt, "--epochs", "2"]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain("it was saved with optimizer `adam`, but this run uses `sgd`; the checkpoint has optimizer state");
  });

  it("is refused the same way by a compiled program", async () => {
    const program = join(dir, "adamw.mjs");
    expect((await nnc(["compile", join(dir, "adamw.nn"), "--target", "js", "-o", program])).code).toBe(EXIT.ok);
    const r = spawnSync(process.execPath, [program, "--resume", ckpt, "--epochs", "2"], { cwd: dir, encoding: "utf8", timeout: 280_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0641]: ");
    expect(r.stderr).toContain("it was saved with optimizer `adam`, but this run uses `adamw`");
  });
});
