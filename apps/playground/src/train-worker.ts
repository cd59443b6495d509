/**
 * The training Worker (a module worker). It receives a PagePlan (the class compile() emitted, as
 * JavaScript, and the settings), gets the data from the runtime core (or fetches the digits), and
 * trains with the core's session in slices of ~40 ms so pause and step messages are handled promptly.
 */
import { classCount, DataError, type DataSplit } from "@nnc/runtime/core";
import { digitsSplit, DIGITS, isPointSet, pointSplit } from "./page-data.ts";
import { startTrainer, type PageTrainer } from "./page-trainer.ts";
import { PLANE, type FromWorker, type LoadMessage, type ToWorker } from "./train-protocol.ts";

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

const SLICE_MS = 40;
// Reports come every REPORT_STEPS steps (but not more often than REPORT_MIN_MS) or every REPORT_MS,
// so fast models still draw a curve with many points; the surface is redrawn at most every SURFACE_MS.
const REPORT_STEPS = 10;
const REPORT_MIN_MS = 15;
const REPORT_MS = 60;
const SURFACE_MS = 60;
const SURFACE_RES = 48;
const EVAL_LIMIT = 1000;

let trainer: PageTrainer | null = null;
let twoD = false;
let running = false;
let generation = 0;
let lossSum = 0;
let lossCount = 0;
let lastReport = 0;
let lastReportStep = 0;
let lastSurface = 0;
let digits: Promise<ArrayBuffer> | null = null;

async function loadData(msg: LoadMessage): Promise<DataSplit> {
  const data = msg.plan.data;
  if (data.source !== DIGITS) return pointSplit(data);
  digits ??= fetch(msg.digitsUrl).then((r) => {
    if (!r.ok) throw new Error(`could not load the digits (${r.status})`);
    return r.arrayBuffer();
  });
  const num = (k: string): number => Number(data.args[k] ?? 0);
  return digitsSplit(await digits, num("val"), num("seed"));
}

function report(t: PageTrainer): void {
  const test = t.evaluate("test", EVAL_LIMIT);
  const train = t.evaluate("train", Math.min(EVAL_LIMIT, 500));
  const loss = lossCount > 0 ? lossSum / lossCount : train.loss;
  lossSum = 0;
  lossCount = 0;
  scope.postMessage({ type: "progress", step: t.steps, epoch: t.epoch, loss, testLoss: test.loss, testAccuracy: test.accuracy, trainAccuracy: train.accuracy });
  lastReport = performance.now();
  lastReportStep = t.steps;
}

function surface(t: PageTrainer): void {
  if (!twoD) return;
  const s = t.surface(SURFACE_RES, PLANE.lo, PLANE.hi);
  scope.postMessage({ type: "surface", res: SURFACE_RES, lo: PLANE.lo, hi: PLANE.hi, cls: s.cls, conf: s.conf }, [s.cls.buffer, s.conf.buffer]);
  lastSurface = performance.now();
}

function stop(reason: "paused" | "done" | "diverged" | "error", message: string): void {
  running = false;
  const t = trainer;
  if (reason === "paused" && t !== null) {
    report(t);
    surface(t);
  }
  scope.postMessage({ type: "stopped", reason, message });
}

/** One optimizer step; false (and a message) when the core reports a non-finite loss or gradient (E0645). */
function stepOnce(t: PageTrainer): boolean {
  try {
    const loss = t.step();
    lossSum += loss;
    lossCount++;
    return true;
  } catch (e) {
    if (!(e instanceof DataError) || e.code !== "E0645") throw e;
    stop("diverged", `training diverged: ${e.message}. Lower the learning rate and press Reset.`);
    return false;
  }
}

function finish(t: PageTrainer): void {
  report(t);
  surface(t);
  stop("done", `finished ${t.epoch} epochs (${t.steps} steps)`);
}

function loop(gen: number): void {
  const t = trainer;
  if (!running || t === null || gen !== generation) return;
  const start = performance.now();
  try {
    while (performance.now() - start < SLICE_MS) {
      if (t.finished) {
        finish(t);
        return;
      }
      if (!stepOnce(t)) return;
      const now = performance.now();
      if ((t.steps - lastReportStep >= REPORT_STEPS && now - lastReport > REPORT_MIN_MS) || now - lastReport > REPORT_MS) report(t);
      if (now - lastSurface > SURFACE_MS) surface(t);
    }
  } catch (e) {
    stop("error", e instanceof Error ? e.message : String(e));
    return;
  }
  setTimeout(() => {
    loop(gen);
  }, 0);
}

async function load(msg: LoadMessage): Promise<void> {
  const gen = ++generation;
  running = false;
  trainer = null;
  const data = await loadData(msg);
  if (gen !== generation) return;
  const t = await startTrainer(msg.plan, data);
  if (gen !== generation) return;
  trainer = t;
  twoD = isPointSet(msg.plan.data.source);
  lossSum = 0;
  lossCount = 0;
  const xs = (b: PageTrainer["train"] | null): Float32Array => Float32Array.from(b?.fields.find((f) => f.input === msg.plan.bind.input)?.data ?? []);
  const ys = (b: PageTrainer["train"] | null): Int32Array => Int32Array.from(b?.fields.find((f) => f.input === msg.plan.bind.label)?.data ?? []);
  const points = twoD ? new Float32Array([...xs(t.train), ...xs(t.test)]) : new Float32Array(0);
  const labels = twoD ? new Int32Array([...ys(t.train), ...ys(t.test)]) : new Int32Array(0);
  const testSize = t.test?.size ?? 0;
  scope.postMessage({ type: "ready", trainSize: t.train.size, testSize, classes: classCount(t.model.meta) ?? 2, points, labels });
  report(t);
  surface(t);
}

async function handle(msg: ToWorker): Promise<void> {
  const t = trainer;
  switch (msg.type) {
    case "load":
      await load(msg);
      return;
    case "run":
      if (t === null || running) return;
      running = true;
      loop(generation);
      return;
    case "pause":
      if (running) stop("paused", `paused at step ${t?.steps ?? 0}`);
      return;
    case "step":
      if (t === null || running) return;
      if (t.finished) {
        finish(t);
        return;
      }
      if (stepOnce(t)) {
        report(t);
        surface(t);
      }
      return;
    case "lr":
      t?.session.setBaseLr(msg.lr);
      return;
  }
}

// Messages are handled one after another: a `run` sent right after a `load` waits for the data.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const msg = e.data;
  queue = queue
    .then(() => handle(msg))
    .catch((err: unknown) => {
      stop("error", err instanceof Error ? err.message : String(err));
    });
};
