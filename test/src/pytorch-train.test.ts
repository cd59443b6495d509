/**
 * `nnc compile --target pytorch`'s program (issue 13 item 3): it trains (exit 0, the loss falls, the
 * epoch lines parse), resumes from a checkpoint exactly, loads the same data as nnc (the same
 * numbers, split and order from nnc's RNG), has a reader for every data source, computes nnc's
 * optimizer, clipping and schedule updates, and under `torchrun --nproc_per_node 2` (gloo on
 * loopback) gives the same per-step and per-epoch losses as one process on the same global batch.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_SOURCE_SIGS, initialState, referenceUpdate, type ReferenceParam } from "@nnc/ops";
import { learningRate, loadData, mnistDataDir, namesFile } from "@nnc/runtime";
import { buildProgram, EPOCH_LINE, EXAMPLES, exampleProgram, parseRun, writeProgram } from "./pytorch-train-support.ts";
import { runPython, torchPython } from "./torch-python.ts";

/** What local rank 0 wrote to stdout in a torchrun run logged under `logDir` (`<run>/attempt_<n>/0/stdout.log`; exactly one). */
function rankZeroStdout(logDir: string): string {
  const files = (readdirSync(logDir, { recursive: true }) as string[]).filter((f) => /(^|[\\/])0[\\/]stdout\.log$/.test(f));
  expect(files, `rank 0's stdout.log under ${logDir}`).toHaveLength(1);
  return readFileSync(join(logDir, files[0]!), "utf8");
}

const SPIRALS = readFileSync(join(EXAMPLES, "spirals.nn"), "utf8");
let dir = "";

beforeAll(() => {
  torchPython();
  dir = mkdtempSync(join(tmpdir(), "nnc-pytorch-train-"));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  const r = runPython(args, { cwd: dir, env });
  expect(r.status, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => {
        if (typeof a === "object" && a !== null) resolve(a.port);
        else reject(new Error("no port"));
      });
    });
  });
}

const relClose = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

// Each test starts Python processes that import torch: a test took 356 s in a fresh-clone CI at its own load.
describe("the PyTorch training program", { timeout: 600_000 }, () => {
  it("trains spirals: exits 0, the loss falls, the epoch lines parse like nnc train's", async () => {
    const prog = await exampleProgram("spirals.nn", dir, "spirals.py");
    const out = run([prog, "--epochs", "4", "--checkpoint", join(dir, "spirals.pt")]);
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => EPOCH_LINE.exec(l));
    for (const [i, m] of parsed.entries()) {
      expect(m, lines[i]).not.toBeNull();
      expect(Number(m![1])).toBe(i + 1);
      expect(Number(m![2])).toBe(4);
    }
    const losses = parsed.map((m) => Number(m![3]));
    expect(losses[3]!).toBeLessThan(0.75 * losses[0]!);
    expect(Number(parsed[3]![6])).toBeGreaterThan(80);
    expect(run([prog, "--help"])).toContain("--resume");
  });

  it("trains blocks (moons, adam with weight decay on rank-2 params): the loss falls", async () => {
    const prog = await exampleProgram("blocks.nn", dir, "blocks.py");
    const { epochs } = parseRun(run([prog, "--epochs", "3", "--json", "--checkpoint", ""]));
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
  });

  it("one process resumed from a checkpoint, and torchrun --nproc_per_node 2 (gloo) gives one process's loss curve", async () => {
    const prog = await exampleProgram("spirals.nn", dir, "spirals64.py", { data: { source: "spirals", args: { n: 401, noise: 0.1 } } });
    const common = [prog, "--dtype", "float64", "--json", "--log-steps", "--device", "cpu"];
    // 401 examples, 80 for validation: 321 train in 11 steps, the last of 1 row (one rank runs it, the other a row of weight 0).
    const stepsPerEpoch = Math.ceil(321 / 32);
    // One process: epochs 1–2 with a checkpoint, then epoch 3 resumed from it (its batch order, optimizer state, step count).
    const ck = join(dir, "resume.pt");
    const first = parseRun(run([...common, "--epochs", "3", "--max-steps", String(2 * stepsPerEpoch), "--checkpoint", ck]));
    expect(first.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const resumed = parseRun(run([...common, "--epochs", "3", "--resume", ck, "--checkpoint", ""]));
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([3]);
    const logged = (steps: readonly number[]): number[] => Object.keys(steps).map(Number);
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
    expect(logged(first.steps)).toEqual(range(0, 2 * stepsPerEpoch));
    expect(logged(resumed.steps)).toEqual(range(2 * stepsPerEpoch, 3 * stepsPerEpoch));
    const one = { epochs: [...first.epochs, ...resumed.epochs], steps: [...first.steps.slice(0, 2 * stepsPerEpoch), ...resumed.steps.slice(2 * stepsPerEpoch)] };

    // Two processes over gloo on loopback, each taking its half of every global batch of 32, straight through
    // epochs 1–3: equal to the one-process curve both before and after its resume.
    // The port is free when freePort closes it; another process may take it before torchrun binds it: then one retry on a fresh port.
    const torchrun = async (attempt: number): Promise<string> => {
      const port = await freePort();
      const ddpArgs = ["-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_addr", "127.0.0.1", "--master_port", String(port), "--monitor_interval", "0.2"];
      // Debian's torch 1.13 under Python 3.11 parses torchrun's default `--redirects 0` into None (an IntFlag change): give 1 (stdout, teed).
      const args = [...ddpArgs, "--redirects", "1", "--tee", "1", "--log_dir", join(dir, `torchrun-logs-${attempt}`), ...common, "--epochs", "3", "--checkpoint", ""];
      const r = runPython(args, { cwd: dir });
      if (r.status !== 0 && attempt === 0 && /address already in use|EADDRINUSE/i.test(r.stderr)) return torchrun(1);
      expect(r.status, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
      // Rank 0's own stdout file, not torchrun's tee of it: the tee tails the file while the rank writes
      // and, under load, has printed a line cut in two (a step's loss read as NaN, a JSON record joined to the next).
      return rankZeroStdout(join(dir, `torchrun-logs-${attempt}`));
    };
    const two = parseRun(await torchrun(0));
    expect(two.epochs).toHaveLength(3);
    expect(logged(two.steps)).toEqual(range(0, 3 * stepsPerEpoch));
    for (let s = 0; s < 3 * stepsPerEpoch; s++) expect(relClose(two.steps[s]!, one.steps[s]!), `step ${s}`).toBeLessThan(1e-10);
    for (const [i, e] of two.epochs.entries()) {
      expect(relClose(e.loss, one.epochs[i]!.loss)).toBeLessThan(1e-10);
      expect(e["accuracy"]).toBe(one.epochs[i]!["accuracy"]);
      expect(relClose(e["val_loss"]!, one.epochs[i]!["val_loss"]!)).toBeLessThan(1e-10);
    }
  });

  it("a global batch that does not divide over the processes, or a label outside the classes, is a clear error", async () => {
    const prog = await exampleProgram("spirals.nn", dir, "spirals-odd.py", { data: { source: "spirals", args: { n: 40 } } });
    // Checked before the process group is joined, so one process with torchrun's variables shows it.
    const r = runPython([prog, "--batch", "7", "--device", "cpu", "--checkpoint", ""], { cwd: dir, env: { WORLD_SIZE: "2", RANK: "0", LOCAL_RANK: "0" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: the global batch 7 must be a positive multiple of the 2 processes");
    expect(r.stderr).not.toContain("Traceback");

    // A label outside the classifier's classes, as nnc train's E0631 says it.
    writeFileSync(join(dir, "bad-label.json"), JSON.stringify({ x: [[1, 2], [3, 4], [5, 6]], label: [0, 1, 5] }));
    const bad = await exampleProgram("spirals.nn", dir, "bad-label.py", { data: { source: "json", args: { "0": join(dir, "bad-label.json"), val: 0 } } });
    const b = runPython([bad, "--checkpoint", ""], { cwd: dir });
    expect(b.status).toBe(1);
    expect(b.stderr).toContain("label 5 is outside the model's classes 0..1");
    expect(b.stderr).not.toContain("Traceback");

    // Checkpoint and device mistakes: one `error:` line, exit 1, nothing trained first.
    const ck = join(dir, "odd.pt");
    run([prog, "--epochs", "1", "--device", "cpu", "--checkpoint", ck]);
    writeFileSync(join(dir, "junk.pt"), "not a checkpoint\n");
    const other = await exampleProgram("blocks.nn", dir, "blocks-resume.py");
    const cases: [readonly string[], string][] = [
      [[prog, "--resume", join(dir, "nope.pt"), "--checkpoint", ""], "error: cannot read the checkpoint"],
      [[prog, "--resume", join(dir, "junk.pt"), "--checkpoint", ""], "not a checkpoint of this program"],
      [[other, "--resume", ck, "--checkpoint", ""], "was saved from Spiral, not"],
      [[prog, "--checkpoint", join(dir, "no-such-folder", "x.pt")], "error: cannot write the checkpoint"],
      [[prog, "--device", "cuda", "--checkpoint", ""], "error: --device cuda, but torch sees no CUDA device"],
    ];
    for (const [args, message] of cases) {
      const e = runPython(args, { cwd: dir, env: { CUDA_VISIBLE_DEVICES: "" } });
      expect(e.stderr, args.join(" ")).toContain(message);
      expect(e.stderr, args.join(" ")).not.toContain("Traceback");
      expect(e.stdout, args.join(" ")).not.toContain("epoch");
      expect(e.status, args.join(" ")).toBe(1);
    }
  });

  it("shows --help for a .nn file whose folder and name hold `%` (argparse formats help text)", async () => {
    const file = join(dir, "50%(x)s", "x%(prog)s%z.nn");
    const prog = writeProgram(await buildProgram(file, SPIRALS, {}, dir), dir, "percent.py");
    const r = runPython([prog, "--help"], { cwd: dir });
    expect(r.stderr).not.toContain("Traceback");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("50%(x)s");
  });
});

/** Imports each generated program as a module (its main does not run) and runs `body` with `m` bound; prints one JSON line per program. */
const HARNESS = String.raw`
import hashlib, importlib.util, json, sys
import numpy as np
import torch
jobs = json.load(sys.stdin)
for job in jobs:
    spec = importlib.util.spec_from_file_location("prog", job["program"])
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    if job["kind"] == "data":
        parts = m.load_data(job["data_dir"])
        out = []
        for ds in parts:
            if ds is None:
                out.append(None)
                continue
            scale = ds["byte_scale"] if any(v.dtype == np.uint8 for v in ds["fields"].values()) else 1
            out.append({"size": ds["size"], "byte_scale": scale, "fields": {k: {"shape": list(v.shape[1:]), "sha": hashlib.sha256(v.tobytes() if v.dtype == np.uint8 else np.ascontiguousarray(v, dtype="<f8").tobytes()).hexdigest()} for k, v in ds["fields"].items()}})
        print(json.dumps(out))
    elif job["kind"] == "nats":
        train, _ = m.load_data(job["data_dir"])
        b = m.bind_data(train, m.INPUTS, torch.float64)
        loss, out = m.MODEL_CLASS(dtype=torch.float64).forward_loss(*[b[n] for n in m.INPUT_NAMES])
        out = m.as_tuple(out)
        print(json.dumps({"metrics": [name for name, _, _, _ in m.METRICS], "loss": loss.item(), "nats": [measure(out, b) / m.metric_count(c, out, b, 0) for _, measure, c, _ in m.METRICS]}))
    else:
        torch.set_default_dtype(torch.float64)
        module = torch.nn.Module()
        ps = [torch.nn.Parameter(torch.tensor(w, dtype=torch.float64).reshape(s)) for w, s in zip(job["w"], job["shapes"])]
        for i, p in enumerate(ps):
            module.register_parameter(f"p{i}", p)
        opt = m.make_optimizer(m.param_groups(module), job["lr"])
        for g in job["grads"]:
            for p, gi in zip(ps, g):
                p.grad = torch.tensor(gi, dtype=torch.float64).reshape(p.shape)
            m.clip_gradients(ps)
            opt.step()
        rates = [m.schedule_rate(t, job["lr"], job["total"]) for t in range(job["total"])]
        print(json.dumps({"w": [p.detach().reshape(-1).tolist() for p in ps], "rates": rates}))
`;

function harness(jobs: readonly object[], env: Readonly<Record<string, string>> = {}): unknown[] {
  const r = runPython(["-c", HARNESS], { input: JSON.stringify(jobs), cwd: dir, env });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as unknown);
}

/** The values as float64 (bytes as themselves: MNIST's pixels are many). */
const sha = (a: ArrayLike<number>): string => createHash("sha256").update(a instanceof Uint8Array ? a : new Uint8Array(Float64Array.from(a).buffer)).digest("hex");

/** A .npy file (NumPy's format 1.0, written by hand): `descr` and `shape` in the header, then the bytes. */
function npy(path: string, descr: string, shape: readonly number[], bytes: Uint8Array): void {
  let head = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  head += " ".repeat(64 - ((10 + head.length + 1) % 64)) + "\n";
  const pre = new Uint8Array(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, head.length & 0xff, head.length >> 8]);
  writeFileSync(path, Buffer.concat([pre, Buffer.from(head, "latin1"), bytes]));
}

describe("the program's data, optimizers and schedules are nnc's", { timeout: 600_000 }, () => {
  it("has a reader for every data source", async () => {
    for (const sig of DATA_SOURCE_SIGS) {
      const p = await buildProgram(join(EXAMPLES, "spirals.nn"), SPIRALS, { data: { source: sig.name, args: { path: "d.csv", x: "x.npy" } } });
      expect(p.code, sig.name).not.toContain("has no PyTorch reader");
    }
  });

  it("loads the same examples, split and fields as nnc (synthetic sets, csv, json, npy, idx, chars, names, mnist)", async () => {
    writeFileSync(join(dir, "d.csv"), 'a,b,label\n1,2,"cat"\n3.5,-4,dog\n\n5,6e-1,cat\n7,8,bird\n9,10,dog\n');
    writeFileSync(join(dir, "d.json"), JSON.stringify({ x: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], label: [0, 1, 0, 1, 1] }));
    writeFileSync(join(dir, "t.txt"), "hello\r\nworld\n\nhi there\nabcdefghijklmnopqrstuvwxyz0123\nzz\n");
    const n = 7;
    npy(join(dir, "x.npy"), "<f4", [n, 3], new Uint8Array(Float32Array.from({ length: 3 * n }, (_, i) => Math.sin(i) * 10).buffer));
    npy(join(dir, "y.npy"), "<i4", [n], new Uint8Array(Int32Array.from({ length: n }, (_, i) => i % 3).buffer));
    const idx = Buffer.concat([Buffer.from([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 2, 0, 0, 0, 2]), Buffer.from(Array.from({ length: 4 * n }, (_, i) => (i * 37) % 256))]);
    writeFileSync(join(dir, "x.idx3-ubyte"), idx);
    const specs: { source: string; args: Record<string, number | string> }[] = [
      { source: "spirals", args: { n: 103, noise: 0.1 } },
      { source: "spirals", args: { n: 50, classes: 3, seed: 5, val: 0.3 } },
      { source: "moons", args: { n: 64 } },
      { source: "circles", args: { n: 31, noise: 0.2, val: 0 } },
      { source: "xor", args: { n: 40 } },
      { source: "blobs", args: { n: 45, classes: 4 } },
      { source: "csv", args: { "0": "d.csv", val: 0.4 } },
      { source: "csv", args: { path: "d.csv", label: "a", columns: "b", val: 0 } },
      { source: "json", args: { "0": "d.json", val: 0.2 } },
      { source: "npy", args: { x: "x.npy", label: "y.npy", val: 0.3, seed: 2 } },
      { source: "idx", args: { x: "x.idx3-ubyte", scale: 100 } },
      { source: "file", args: { path: "d.csv" } },
      { source: "chars", args: { "0": "t.txt", context: 4, val: 0.3 } },
      { source: "names", args: { context: 8 } },
      { source: "mnist", args: {} },
    ];
    const jobs = await Promise.all(specs.map(async (spec, i) => ({ kind: "data", data_dir: dir, program: writeProgram(await buildProgram(join(EXAMPLES, "spirals.nn"), SPIRALS, { data: spec }), dir, `data${i}.py`) })));
    const env = { NNC_NAMES_FILE: namesFile(), NNC_MNIST_DIR: mnistDataDir() };
    const got = harness(jobs, env);
    for (const [i, spec] of specs.entries()) {
      const split = loadData(spec, dir);
      const want = [split.train, split.validation].map((ds) =>
        ds === null ? null : { size: ds.size, byte_scale: ds.fields.find((f) => f.data instanceof Uint8Array)?.byteScale ?? 1, fields: Object.fromEntries(ds.fields.map((f) => [f.name, { shape: [...f.shape], sha: sha(f.data) }])) },
      );
      expect(got[i], JSON.stringify(spec)).toEqual(want);
    }
  });

  it("reports text data's nats per character: on the whole training set, the masked loss", async () => {
    writeFileSync(join(dir, "few.txt"), "abba\nbaab\ncab\nabc\nbbbbbbbbbbbbbbbbbbbbbbbbb\n");
    const file = join(EXAMPLES, "lstm-names.nn");
    const text = readFileSync(file, "utf8");
    const input = await buildProgram(file, text, { data: { source: "chars", args: { "0": "few.txt", context: 16, val: 0 } } }, dir);
    const [got] = harness([{ kind: "nats", data_dir: dir, program: writeProgram(input, dir, "nats.py") }]) as { metrics: string[]; loss: number; nats: number[] }[];
    expect(got!.metrics).toEqual(["nats"]);
    expect(relClose(got!.nats[0]!, got!.loss)).toBeLessThan(1e-12);
  });

  it("updates parameters as nnc's optimizer, clipping and schedule references", async () => {
    const variants = [
      { opt: "sgd(lr = 0.1, momentum = 0.9, nesterov = true, weight_decay = 0.01)", extra: "clip = global_norm(0.5)\n  schedule = step(every = 3, gamma = 0.5)" },
      { opt: "sgd(0.1)", extra: "schedule = exponential(gamma = 0.9)" },
      { opt: "adam(lr = 0.01, weight_decay = 0.01)", extra: "clip = value(0.05)\n  schedule = cosine(warmup = 2, min_lr = 0.001)" },
      { opt: "adamw(lr = 0.01, weight_decay = 0.1, decay_all = true)", extra: "schedule = one_cycle(max_lr = 0.1)" },
      { opt: "rmsprop(lr = 0.01, momentum = 0.5)", extra: "" },
      { opt: "rmsprop(lr = 0.01)", extra: "" },
      { opt: "adagrad(lr = 0.1)", extra: "" },
      { opt: "lion(lr = 0.001, weight_decay = 0.1)", extra: "" },
    ];
    const shapes = [[2, 3], [3], [2]];
    const w0 = shapes.map((s, k) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(3 * i + k)));
    const grads = [0, 1, 2].map((step) => shapes.map((s, k) => Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(5 * i + 7 * k + 11 * step) * (k + 1))));
    const inputs = await Promise.all(variants.map((v) => buildProgram(join(EXAMPLES, "spirals.nn"), SPIRALS.replace("optimizer = adam(lr = 0.01)", `optimizer = ${v.opt}\n  ${v.extra}`))));
    const total = 10;
    const jobs = inputs.map((input, i) => ({ kind: "update", program: writeProgram(input, dir, `opt${i}.py`), shapes, w: w0, grads, lr: 0.1, total }));
    const got = harness(jobs) as { w: number[][]; rates: number[] }[];
    for (const [i, input] of inputs.entries()) {
      const t = input.train;
      // A constant rate of 0.1 (the harness's lr) through the steps: the optimizer's arithmetic alone.
      const params: ReferenceParam[] = w0.map((w, k) => ({ w: Float64Array.from(w), g: new Float64Array(w.length), rank: shapes[k]!.length, state: initialState(t.optimizer.kind, t.optimizer.args, w.length) }));
      grads.forEach((g, step) => {
        const withGrads = params.map((p, k) => ({ ...p, g: Float64Array.from(g[k]!) }));
        referenceUpdate({ optimizer: t.optimizer, clip: t.clip }, 0.1, step + 1, withGrads);
      });
      params.forEach((p, k) => { p.w.forEach((v, j) => { expect(Math.abs(got[i]!.w[k]![j]! - v), `${variants[i]!.opt} w${k}[${j}]`).toBeLessThan(1e-12); }); });
      got[i]!.rates.forEach((r, s) => { expect(relClose(r, learningRate(t.schedule, 0.1, s, total)), `${t.schedule.kind} t=${s}`).toBeLessThan(1e-14); });
    }
  });
});
