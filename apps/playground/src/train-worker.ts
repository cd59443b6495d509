/**
 * The training Worker (a module worker). It receives the generated JavaScript of one model class and
 * the settings, imports the class from a `data:` URL (compiler output only), generates or fetches the
 * data, and trains in slices of ~40 ms so pause and step messages are handled promptly.
 */
import { decodeDigits, pointSet, rng, splitExamples, type Split } from "./datasets.ts";
import { isPointSet } from "./settings.ts";
import { PLANE, type FromWorker, type LoadMessage, type ToWorker } from "./train-protocol.ts";
import { instantiate, Trainer } from "./trainer.ts";

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

let trainer: Trainer | null = null;
let twoD = false;
let maxEpochs = Infinity;
let running = false;
let generation = 0;
let lossSum = 0;
let lossCount = 0;
let lastReport = 0;
let lastReportStep = 0;
let lastSurface = 0;
let digits: Promise<ArrayBuffer> | null = null;

async function loadData(msg: LoadMessage): Promise<Split> {
  const s = msg.settings;
  if (isPointSet(s.data)) return pointSet(s.data, s.n, s.noise, s.testFraction, s.seed);
  digits ??= fetch(msg.digitsUrl).then((r) => {
    if (!r.ok) throw new Error(`could not load the digits (${r.status})`);
    return r.arrayBuffer();
  });
  return splitExamples(decodeDigits(await digits), s.testFraction, rng(s.seed));
}

function report(t: Trainer): void {
  const test = t.evaluate(t.data.test, EVAL_LIMIT);
  const train = t.evaluate(t.data.train, Math.min(EVAL_LIMIT, 500));
  const loss = lossCount > 0 ? lossSum / lossCount : train.loss;
  lossSum = 0;
  lossCount = 0;
  scope.postMessage({ type: "progress", step: t.steps, epoch: t.epoch, loss, testLoss: test.loss, testAccuracy: test.accuracy, trainAccuracy: train.accuracy });
  lastReport = performance.now();
  lastReportStep = t.steps;
}

function surface(t: Trainer): void {
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

/** One optimizer step; false (and a message) when the loss is not finite. */
function stepOnce(t: Trainer): boolean {
  const loss = t.step();
  if (Number.isFinite(loss)) {
    lossSum += loss;
    lossCount++;
    return true;
  }
  const at = t.model.firstNonFinite();
  const rule = at?.rule === undefined ? "" : `, computed by rule \`${at.rule}\` of \`${at.of ?? ""}\``;
  const where = at === null ? "" : ` (first non-finite value: \`${at.value}\`${rule}, line ${at.line})`;
  const what = at?.gradient === true ? "a gradient is not finite though the loss is" : `the loss is ${loss}`;
  report(t);
  stop("diverged", `training diverged at step ${t.steps}: ${what}${where}. Lower the learning rate and press Reset.`);
  return false;
}

function loop(gen: number): void {
  const t = trainer;
  if (!running || t === null || gen !== generation) return;
  const start = performance.now();
  try {
    while (performance.now() - start < SLICE_MS) {
      if (!stepOnce(t)) return;
      const now = performance.now();
      if ((t.steps - lastReportStep >= REPORT_STEPS && now - lastReport > REPORT_MIN_MS) || now - lastReport > REPORT_MS) report(t);
      if (now - lastSurface > SURFACE_MS) surface(t);
      if (t.epoch >= maxEpochs) {
        report(t);
        surface(t);
        stop("done", `finished ${maxEpochs} epochs (${t.steps} steps)`);
        return;
      }
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
  const model = await instantiate(msg.code, msg.className, Math.max(256, msg.settings.batch));
  if (gen !== generation) return;
  model.initParams(msg.settings.seed);
  const t = new Trainer(model, data, msg.bind, msg.settings.batch, msg.settings.seed);
  trainer = t;
  twoD = isPointSet(msg.settings.data);
  maxEpochs = msg.maxEpochs;
  lossSum = 0;
  lossCount = 0;
  const points = twoD ? new Float32Array([...data.train.x, ...data.test.x]) : new Float32Array(0);
  const labels = twoD ? new Int32Array([...data.train.label, ...data.test.label]) : new Int32Array(0);
  scope.postMessage({ type: "ready", trainSize: data.train.size, testSize: data.test.size, classes: data.train.classes, points, labels });
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
      if (stepOnce(t)) {
        report(t);
        surface(t);
      }
      return;
    case "lr":
      t?.model.setLearningRate(msg.lr);
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
