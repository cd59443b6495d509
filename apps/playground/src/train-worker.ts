/**
 * The training Worker (a module worker). It receives a PagePlan (the class compile() emitted, as
 * JavaScript, and the settings), gets the data from the runtime core (or fetches the digits), and
 * trains with the core's session frame by frame: `speed` steps per frame (1/60 s), or at MAX_SPEED
 * in slices of ~40 ms, so pause, step and inspect messages are handled promptly either way.
 */
import { charModel, classCount, DataError, generateChars, Rng, takesRelaxedSimd, type DataSplit } from "@nnc/runtime/core";
import { digitsSplit, DIGITS, isPointSet, NAMES, namesSplit, pointSplit } from "./page-data.ts";
import { answerInspect } from "./page-inspect.ts";
import { startTrainer, type PageTrainer } from "./page-trainer.ts";
import { DEFAULT_SPEED, EVAL_ROWS, MAX_SPEED, PLANE, type FromWorker, type LoadMessage, type Stamped, type Sampled, type SampleMessage, type ToWorker } from "./train-protocol.ts";
import { TrainPacer } from "./train-pacer.ts";

interface WorkerScope {
  postMessage(message: Stamped, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/** The `load` of the last LoadMessage handled: every message posted carries it (see Stamped). */
let currentLoad = 0;
function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage({ ...message, load: currentLoad }, transfer);
}

const SURFACE_RES = 48;

let trainer: PageTrainer | null = null;
let twoD = false;
let running = false;
let generation = 0;
let speed = DEFAULT_SPEED;
const assets = new Map<string, Promise<ArrayBuffer>>();
/** The names' vocabulary when the loaded model trains on names (for sampling). */
let vocab: readonly string[] | null = null;
const pacer = new TrainPacer();

/** The asset at `url`, fetched once per Worker. */
function asset(url: string, what: string): Promise<ArrayBuffer> {
  let got = assets.get(url);
  if (got === undefined) {
    got = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`could not load the ${what} (${r.status})`);
      return r.arrayBuffer();
    });
    assets.set(url, got);
    // A failed download is forgotten, so the next load (Reset) tries again.
    got.catch(() => {
      if (assets.get(url) === got) assets.delete(url);
    });
  }
  return got;
}

async function loadData(msg: LoadMessage): Promise<DataSplit> {
  const data = msg.plan.data;
  vocab = null;
  if (data.source === NAMES) {
    const split = namesSplit(await asset(msg.namesUrl, "names"));
    vocab = split.vocab;
    return split;
  }
  if (data.source !== DIGITS) return pointSplit(data);
  const num = (k: string): number => Number(data.args[k] ?? 0);
  return digitsSplit(await asset(msg.digitsUrl, "digits"), num("val"), num("seed"));
}

/** `count` samples of the loaded char model with the runtime's sampler (one Rng for all, as `nnc sample --n`). */
function sample(t: PageTrainer | null, msg: SampleMessage): Sampled {
  const { id } = msg;
  if (t === null) return { type: "sampled", id, error: "no model is loaded" };
  if (vocab === null) return { type: "sampled", id, error: "the loaded model does not train on names" };
  try {
    const m = charModel(t.model.meta);
    const rng = new Rng(msg.seed);
    const texts: string[] = [];
    for (let i = 0; i < msg.count; i++) texts.push([...generateChars(t.model, m, vocab, { prompt: [], temperature: msg.temperature, rng })].join(""));
    return { type: "sampled", id, step: t.steps, texts };
  } catch (e) {
    return { type: "sampled", id, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Posts the steps' losses since the last report; measures the test set first when `measure` or when due. */
function report(t: PageTrainer, measure: boolean): void {
  const now = performance.now();
  if (measure || pacer.evalDue(now)) {
    const start = performance.now();
    const test = t.evaluate("test", EVAL_ROWS);
    const train = t.evaluate("train", EVAL_ROWS);
    const testSize = t.test?.size ?? 0;
    const rows = { testRows: Math.min(EVAL_ROWS, testSize), testSize, trainRows: Math.min(EVAL_ROWS, t.train.size), trainSize: t.train.size };
    pacer.measured(t.steps, { testLoss: test.loss, testAccuracy: test.accuracy, trainLoss: train.loss, trainAccuracy: train.accuracy, rows }, start, performance.now());
  }
  const p = pacer.progress(t, running, now);
  post(p, [p.losses.buffer]);
}

function surface(t: PageTrainer, force: boolean): void {
  const now = performance.now();
  if (!twoD || !(force || pacer.surfaceDue(now))) return;
  const s = t.surface(SURFACE_RES, PLANE.lo, PLANE.hi);
  pacer.surfaced(now, performance.now());
  post({ type: "surface", res: SURFACE_RES, lo: PLANE.lo, hi: PLANE.hi, cls: s.cls, conf: s.conf }, [s.cls.buffer, s.conf.buffer]);
}

function stop(reason: "paused" | "done" | "diverged" | "error", message: string): void {
  running = false;
  const t = trainer;
  if ((reason === "paused" || reason === "done") && t !== null) {
    report(t, true);
    surface(t, true);
  }
  post({ type: "stopped", reason, message });
}

/** One optimizer step; false (and a message) when the core reports a non-finite loss or gradient (E0645). */
function stepOnce(t: PageTrainer): boolean {
  try {
    pacer.stepped(t.step());
    return true;
  } catch (e) {
    if (!(e instanceof DataError) || e.code !== "E0645") throw e;
    stop("diverged", `training diverged: ${e.message}. Lower the learning rate and press Reset.`);
    return false;
  }
}

function finishedMessage(t: PageTrainer): string {
  return `finished ${t.epoch} epochs (${t.steps} steps). Press Reset to train again from fresh parameters.`;
}

/** Runs one frame (or, at MAX_SPEED, one ~40 ms slice); returns the delay to the next one, or null to stop. */
function frame(t: PageTrainer): number | null {
  const start = performance.now();
  const budget = speed === MAX_SPEED ? Infinity : speed;
  for (let n = 0; n < budget && performance.now() - start < pacer.sliceMs; n++) {
    if (t.finished) break;
    if (!stepOnce(t)) return null;
  }
  if (t.finished) {
    stop("done", finishedMessage(t));
    return null;
  }
  report(t, false);
  surface(t, false);
  return speed === MAX_SPEED ? 0 : Math.max(0, pacer.frameMs - (performance.now() - start));
}

function loop(gen: number): void {
  const t = trainer;
  if (!running || t === null || gen !== generation) return;
  let delay: number | null;
  try {
    delay = frame(t);
  } catch (e) {
    stop("error", e instanceof Error ? e.message : String(e));
    return;
  }
  if (delay === null) return;
  setTimeout(() => {
    loop(gen);
  }, delay);
}

async function load(msg: LoadMessage): Promise<void> {
  currentLoad = msg.load;
  const gen = ++generation;
  running = false;
  trainer = null;
  const data = await loadData(msg);
  if (gen !== generation) return;
  const t = await startTrainer(msg.plan, data);
  if (gen !== generation) return;
  trainer = t;
  twoD = isPointSet(msg.plan.data.source);
  pacer.reset();
  const xs = (b: PageTrainer["train"] | null): Float32Array => Float32Array.from(b?.fields.find((f) => f.input === msg.plan.bind.input)?.data ?? []);
  const ys = (b: PageTrainer["train"] | null): Int32Array => Int32Array.from(b?.fields.find((f) => f.input === msg.plan.bind.label)?.data ?? []);
  const points = twoD ? new Float32Array([...xs(t.train), ...xs(t.test)]) : new Float32Array(0);
  const labels = twoD ? new Int32Array([...ys(t.train), ...ys(t.test)]) : new Int32Array(0);
  const testSize = t.test?.size ?? 0;
  post({ type: "ready", trainSize: t.train.size, testSize, classes: classCount(t.model.meta) ?? 2, relaxedSimd: takesRelaxedSimd(t.model), points, labels });
  report(t, true);
  surface(t, true);
}

function handle(msg: ToWorker): Promise<void> | undefined {
  const t = trainer;
  switch (msg.type) {
    case "load":
      return load(msg);
    case "run":
      if (t === null || running) return;
      // A finished run stays finished: Start does nothing until Reset loads fresh parameters.
      if (t.finished) {
        stop("done", finishedMessage(t));
        return;
      }
      running = true;
      pacer.started(t.steps, performance.now());
      loop(generation);
      return;
    case "pause":
      if (running) stop("paused", `paused at step ${t?.steps ?? 0} (epoch ${(t?.epoch ?? 0) + 1})`);
      return;
    case "step":
      if (t === null || running) return;
      // A finished run takes no more steps (as with run).
      if (!t.finished && !stepOnce(t)) return;
      if (t.finished) stop("done", finishedMessage(t));
      else {
        report(t, true);
        surface(t, true);
      }
      return;
    case "lr":
      t?.session.setBaseLr(msg.lr);
      return;
    case "speed":
      speed = msg.steps;
      return;
    case "inspect": {
      const reply = answerInspect(t, msg);
      post(reply);
      return;
    }
    case "sample":
      post(sample(t, msg));
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
