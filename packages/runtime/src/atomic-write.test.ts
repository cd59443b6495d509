import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "./data-source.ts";
import { atomicWrite, checkWriteTarget, removeStaleTemps } from "./atomic-write.ts";
import type { DataError } from "./data-error.ts";
import { thrownDataError } from "./test-errors.ts";
import type { ProgramInfo } from "./program-info.ts";
import { runTraining, type RunOverrides } from "./run.ts";
import { dataSpecFiles } from "./save-target.ts";
import { TestMlp } from "./test-mlp.ts";

const REPO = join(import.meta.dirname, "..", "..", "..");
const root = mkdtempSync(join(tmpdir(), "nnc-atomic-"));
let n = 0;
function fresh(): string {
  const d = join(root, String(n++));
  mkdirSync(d);
  return d;
}

const refusal = thrownDataError;

/** A named pipe; `mkfifo` is POSIX and present wherever the tests run. */
function mkfifo(path: string): void {
  const r = spawnSync("mkfifo", [path]);
  expect(r.status).toBe(0);
}

describe("atomicWrite refuses what it must not replace", () => {
  it("a FIFO, a folder and a character device stay what they were (E0656)", () => {
    const d = fresh();
    const fifo = join(d, "fifo");
    mkfifo(fifo);
    for (const [path, kind] of [[fifo, "a named pipe (FIFO)"], [d, "a directory"], ["/dev/null", "a character device"]] as const) {
      const e = refusal(() => { atomicWrite(path, ["x"]); });
      expect(e.code).toBe("E0656");
      expect(e.message).toBe(`cannot write \`${path}\`: it is ${kind}, not a regular file`);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
    expect(readdirSync(d)).toEqual(["fifo"]);
  });

  it("a dangling symlink or one to a FIFO (E0656), without touching the link", () => {
    const d = fresh();
    mkfifo(join(d, "fifo"));
    symlinkSync("fifo", join(d, "to-fifo"));
    symlinkSync("missing", join(d, "dangling"));
    expect(refusal(() => { atomicWrite(join(d, "to-fifo"), ["x"]); }).message).toContain("is a symbolic link to a named pipe (FIFO)");
    expect(refusal(() => { atomicWrite(join(d, "dangling"), ["x"]); }).message).toContain("is a symbolic link to a missing file");
    expect(readdirSync(d).sort()).toEqual(["dangling", "fifo", "to-fifo"]);
    expect(lstatSync(join(d, "dangling")).isSymbolicLink()).toBe(true);
  });

  it("an input file, also through a symlink or a hard link (E0657), leaving it unchanged", () => {
    const d = fresh();
    const src = join(d, "m.nn");
    writeFileSync(src, "model");
    symlinkSync("m.nn", join(d, "soft.nn"));
    linkSync(src, join(d, "hard.nn"));
    for (const out of [src, join(d, "soft.nn"), join(d, "hard.nn")]) {
      const e = refusal(() => { atomicWrite(out, ["clobbered"], [src]); });
      expect(e.code).toBe("E0657");
      expect(e.message).toBe(`refusing to write \`${out}\`: it is the input file \`${src}\``);
    }
    expect(readFileSync(src, "utf8")).toBe("model");
    atomicWrite(join(d, "other.ckpt"), ["ok"], [src]);
    expect(readFileSync(join(d, "other.ckpt"), "utf8")).toBe("ok");
  });

  it("names a missing folder without creating it (E0642)", () => {
    const d = fresh();
    const e = refusal(() => checkWriteTarget(join(d, "out", "x.ckpt")));
    expect(e.code).toBe("E0642");
    expect(e.message).toBe(`cannot write \`${join(d, "out", "x.ckpt")}\`: no such folder \`${join(d, "out")}\``);
    expect(existsSync(join(d, "out"))).toBe(false);
  });
});

describe("atomicWrite keeps what the user set", () => {
  it("follows a symlink to a regular file: the file gets the content, the link stays a link", () => {
    const d = fresh();
    mkdirSync(join(d, "real"));
    writeFileSync(join(d, "real", "m.ckpt"), "old");
    symlinkSync(join("real", "m.ckpt"), join(d, "m.ckpt"));
    atomicWrite(join(d, "m.ckpt"), ["new"]);
    expect(lstatSync(join(d, "m.ckpt")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "real", "m.ckpt"), "utf8")).toBe("new");
    expect(readdirSync(join(d, "real"))).toEqual(["m.ckpt"]);
  });

  it("keeps an existing file's mode (0600 stays 0600) and creates new files with 0666 & ~umask", () => {
    const d = fresh();
    const secret = join(d, "secret.ckpt");
    writeFileSync(secret, "old");
    chmodSync(secret, 0o600);
    atomicWrite(secret, ["new"]);
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, "utf8")).toBe("new");
    chmodSync(secret, 0o640);
    atomicWrite(secret, ["newer"]);
    expect(statSync(secret).mode & 0o777).toBe(0o640);
  });

  it("creates a new file with 0666 & ~umask, like every Unix tool (umask 002 gives 0664)", () => {
    // A child with its own umask, so this worker's umask is neither read nor changed.
    const d = fresh();
    const script = join(d, "write.ts");
    writeFileSync(script, `import { atomicWrite } from ${JSON.stringify(join(import.meta.dirname, "atomic-write.ts"))};\natomicWrite(process.argv[2]!, ["x"]);\n`);
    const created = join(d, "created.ckpt");
    const r = spawnSync("sh", ["-c", 'umask 002 && exec "$0" --import tsx "$1" "$2"', process.execPath, script, created], { cwd: REPO, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(statSync(created).mode & 0o777).toBe(0o664);
  });
});

describe("stale temporary files", () => {
  it("removes temps of the same target left by dead processes, and nothing else", () => {
    const d = fresh();
    const target = join(d, "m.ckpt");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const t = Date.now().toString(36);
    const stale = `.m.ckpt.${deadPid}.${t}.tmp`;
    const keep = [
      `.m.ckpt.${process.ppid}.${t}.tmp`, // a live writer
      `.other.ckpt.${deadPid}.${t}.tmp`, // another target
      `.m.ckpt.${deadPid}.${t}.tmp.bak`, // not the pattern
      `m.ckpt.${deadPid}.${t}.tmp`, // not hidden
      ".m.ckptx.1.a.tmp",
    ];
    for (const f of [stale, ...keep]) writeFileSync(join(d, f), "12 MB of weights");
    mkdirSync(join(d, `.m.ckpt.${deadPid}.${t}0.tmp`)); // matches, but a folder: left alone
    atomicWrite(target, ["new"]);
    expect(readdirSync(d).sort()).toEqual([...keep, `.m.ckpt.${deadPid}.${t}0.tmp`, "m.ckpt"].sort());
    expect(readFileSync(target, "utf8")).toBe("new");
  });

  it("treats a temp with this process's pid from before it started as stale (pid reuse)", () => {
    const d = fresh();
    const target = join(d, "m.ckpt");
    const old = `.m.ckpt.${process.pid}.${Math.floor(Date.now() - process.uptime() * 1000 - 60_000).toString(36)}.tmp`;
    writeFileSync(join(d, old), "left by an earlier process with the same pid");
    removeStaleTemps(target);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe("the --save target is checked before training", () => {
  const none: RunOverrides = { epochs: 2, batch: null, lr: null, seed: null, data: null, save: null, resume: null, json: false };

  function train(info: ProgramInfo, o: Partial<RunOverrides>): { error: DataError; out: string; err: string; models: number } {
    let out = "";
    let err = "";
    let models = 0;
    const error = refusal(() =>
      runTraining(info, (b) => {
        models++;
        return new TestMlp(b);
      }, { ...none, ...o }, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd: info.dataDir, loadData }),
    );
    return { error, out, err, models };
  }

  it("a missing folder, the .nn source or a data file is refused before a model exists or a line is printed", () => {
    const d = fresh();
    writeFileSync(join(d, "t.nn"), "the source");
    writeFileSync(join(d, "d.csv"), "x0,x1,label\n0,0,0\n");
    const base: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: d, train: { data: { source: "moons", args: { n: 40 } }, batch: 8, epochs: 2, seed: 1, lr: null } };
    const missing = train(base, { save: join(d, "nope", "m.ckpt") });
    expect([missing.error.code, missing.out, missing.err, missing.models]).toEqual(["E0642", "", "", 0]);
    const source = train(base, { save: join(d, "t.nn") });
    expect([source.error.code, source.models]).toEqual(["E0657", 0]);
    const csv = train({ ...base, train: { ...base.train!, data: { source: "csv", args: { "0": "d.csv", label: "label" } } } }, { save: join(d, "d.csv") });
    expect([csv.error.code, csv.error.message, csv.models]).toEqual(["E0657", `refusing to write \`${join(d, "d.csv")}\`: it is the input file \`${join(d, "d.csv")}\``, 0]);
    expect(readFileSync(join(d, "t.nn"), "utf8")).toBe("the source");
    expect(readFileSync(join(d, "d.csv"), "utf8")).toBe("x0,x1,label\n0,0,0\n");
    expect(readdirSync(d).sort()).toEqual(["d.csv", "t.nn"]);
  });

  it("finds the files of every file-reading data source, resolved like loadData", () => {
    expect(dataSpecFiles({ source: "idx", args: { "0": "x.idx", label: "/abs/y.idx" } }, "/base")).toEqual(["/base/x.idx", "/abs/y.idx"]);
    expect(dataSpecFiles({ source: "csv", args: { path: "d.csv", label: "y" } }, "/base")).toEqual(["/base/d.csv"]);
    expect(dataSpecFiles({ source: "spirals", args: { n: 5 } }, "/base")).toEqual([]);
  });
});
