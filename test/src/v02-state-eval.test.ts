/** `nnc eval` with buffers: the feed's "buffers" section, initial values for omitted ones, training false, coded errors. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";

const dir = mkdtempSync(join(tmpdir(), "nnc-state-eval-"));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** y = where(training, x − mean(x), x − shift) · scale; `shift` moves in training steps, `scale` is a constant buffer. */
const program = file(
  "shift.nn",
  `dim B
model Shift(x: f32[B, 2]) -> (y: f32[B, 2]) {
  param w: f32[2] = ones()
  buffer shift: f32[2] = constant(1)
  buffer scale: f32[2] = values([2, 3])
  m = mean(x, axis = 0)
  next shift = 0.5 * shift + 0.5 * m
  y = where(training, x - m, x - shift) * scale * w
}
`,
);

async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

const x = [
  [1, 2],
  [3, 6],
];

async function evalY(feed: unknown): Promise<unknown> {
  const r = await nnc("eval", program, "--feed", file("feed.json", feed), "--backend", "interp", "--dtype", "f64");
  expect(r.err).toBe("");
  expect(r.status).toBe(0);
  return (JSON.parse(r.out) as { outputs: { y: unknown } }).outputs.y;
}

async function evalError(feed: unknown): Promise<string> {
  const r = await nnc("eval", program, "--feed", file("bad.json", feed), "--backend", "interp");
  expect(r.status).not.toBe(0);
  return r.err;
}

describe("nnc eval with buffers", () => {
  it("evaluates with training false and omitted buffers at their initial values", async () => {
    expect(await evalY({ inputs: { x } })).toEqual([
      [0, 3],
      [4, 15],
    ]);
  });

  it("takes buffers from the feed's \"buffers\" section, by full name", async () => {
    expect(await evalY({ inputs: { x }, buffers: { shift: [2, 4] } })).toEqual([
      [-2, -6],
      [2, 6],
    ]);
    expect(await evalY({ inputs: { x }, buffers: { shift: [0, 0], scale: [1, 1] }, params: { w: [1, -1] } })).toEqual([
      [1, -2],
      [3, -6],
    ]);
  });

  it("E0605: a buffer name the model does not have, listing the buffers", async () => {
    const err = await evalError({ inputs: { x }, buffers: { shfit: [0, 0] } });
    expect(err).toContain("error[E0605]");
    expect(err).toContain('the feed\'s "buffers" names `shfit`, which is not one of the model\'s buffers (shift, scale)');
  });

  it("E0606: a buffer under \"params\", or a parameter under \"buffers\"", async () => {
    const a = await evalError({ inputs: { x }, params: { shift: [0, 0] } });
    expect(a).toContain("error[E0606]");
    expect(a).toContain("`shift`, which is a buffer of the model, not a parameter");
    const b = await evalError({ inputs: { x }, buffers: { w: [0, 0] } });
    expect(b).toContain("error[E0606]");
    expect(b).toContain("`w`, which is a parameter of the model, not a buffer");
  });

  it("a buffer of the wrong shape is the feed's shape error (E0662), stating the declared type", async () => {
    const err = await evalError({ inputs: { x }, buffers: { shift: [0, 0, 0] } });
    expect(err).toContain("error[E0662]");
    expect(err).toContain("buffers.shift");
  });
});
