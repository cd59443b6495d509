import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { defaultExportPath } from "./commands/export.ts";
import { recordingIo } from "./io.ts";

const SPIRALS = fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url));
const MATVEC = fileURLToPath(new URL("../../../examples/matvec.nn", import.meta.url));
const CNN = fileURLToPath(new URL("../../../examples/cnn.nn", import.meta.url));

async function run(argv: string[]) {
  const io = recordingIo({ NO_COLOR: "1" }, false);
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("nnc export", () => {
  it("lists itself in --help with its options and examples", async () => {
    const root = await run(["--help"]);
    expect(root.out).toMatch(/\n {2}export .*export a model to ONNX/);
    const r = await run(["export", "--help"]);
    expect(r.code).toBe(0);
    for (const option of ["--format", "--output", "--checkpoint", "--train-step", "--model", "--dtype", "--total-steps", "--seed"]) expect(r.out).toContain(option);
    expect(r.out).toContain("nnc export examples/mnist-mlp.nn --train-step");
  });

  it("names the default output after the source, in the working directory", () => {
    expect(defaultExportPath("examples/spirals.nn", false)).toBe("spirals.onnx");
    expect(defaultExportPath("/a/b/mnist-mlp.nn", true)).toBe("mnist-mlp.train-step.onnx");
  });

  it("writes a model file and reports its inputs and outputs on stdout", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "nnc-export-")), "m.onnx");
    const r = await run(["export", MATVEC, "-o", out, "--dtype", "f64", "--seed", "3"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*m\.onnx: the inference graph of model MatVec, ONNX opset 17, [\d,]+ bytes\n/);
    expect(r.out).toContain("1 parameter (9 values, double): initial values (seed 3)\n");
    expect(r.out).toContain("inputs (1):\n  a  double[3]\noutputs (1):\n  b  double[3]\n");
    expect(statSync(out).size).toBe(Number(/([\d,]+) bytes/.exec(r.out)![1]!.replace(/,/g, "")));
    // A protobuf ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    expect(readFileSync(out)[0]).toBe(0x08);
  });

  it("notes the ops onnxruntime has no double kernel for in an f64 export, and only then", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-export-"));
    const r = await run(["export", CNN, "-o", join(dir, "c64.onnx"), "--dtype", "f64"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("note: onnxruntime has no double kernel for conv2d (Conv): it cannot load this f64 model");
    const f32 = await run(["export", CNN, "-o", join(dir, "c32.onnx")]);
    expect(f32.code).toBe(0);
    expect(f32.out).not.toContain("note:");
  });

  it("refuses bad options with E0611 (exit 2) before reading anything", async () => {
    for (const [args, message] of [
      [["--format", "onnx2"], "--format must be onnx, not `onnx2`"],
      [["--dtype", "f16"], "--dtype must be f32 or f64, not `f16`"],
      [["--total-steps", "1.5"], "--total-steps needs a whole number ≥ 1, not `1.5`"],
      [["--seed", "-1"], "--seed needs a whole number from 0 to 4294967295, not `-1`"],
    ] as const) {
      const r = await run(["export", SPIRALS, ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`error[E0611]: ${message}`);
    }
  });

  it("refuses a missing checkpoint with E0640 and writes nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "nnc-export-"));
    const r = await run(["export", SPIRALS, "--checkpoint", join(folder, "none.ckpt"), "-o", join(folder, "x.onnx")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[E0640]: cannot read the checkpoint");
    expect(() => statSync(join(folder, "x.onnx"))).toThrow();
  });
});
