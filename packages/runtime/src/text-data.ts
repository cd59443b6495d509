/**
 * Text data: `chars(path, context = T, val = 0.1, seed = 0)`, one example per non-blank line. A line
 * c1…cL is the sequence `0 c1 … cL 0` (0 the boundary); its rows hold the L + 1 pairs (x, y) = (s_j,
 * s_{j+1}), T per row: row k has x = s_{kT…kT+T−1} and y = s_{kT+1…kT+T}, padded with 0 and mask 0
 * past the end. A line longer than T − 1 characters continues in further rows, so every pair appears
 * exactly once. Lines are split seeded (the last round(val × lines) of a shuffle are validation); the
 * vocabulary is the sorted distinct characters of the training lines (ids 1…V); validation lines with
 * a character outside it are dropped (and counted).
 */
import { isAbsolute, join } from "node:path";
import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, type Dataset } from "./dataset.ts";
import { readDataFile } from "./file-read.ts";
import { Rng, shuffleInPlace } from "./rng.ts";
import { bigramCounts, bigramCrossEntropy } from "./bigram.ts";
import { textLines, type TextLine } from "./text-data-lines.ts";
import { textRunHooks } from "./text-data-hooks.ts";
import type { TextInfo, TextSplit } from "./text-data-report.ts";
import { compareCodePoints, MAX_VOCAB } from "./text-vocab.ts";

/** The longest context a text source accepts (rows of more positions are a mistake, not a model). */
export const MAX_CONTEXT = 65536;

/** `context`, `val` and `seed` of chars() and names(), read (and checked) the same way for both. */
export function textArgs(args: ArgReader): { context: number; val: number; seed: number } {
  const context = args.number("context", 16, (v) => Number.isInteger(v) && v >= 1 && v <= MAX_CONTEXT, `a whole number in [1, ${MAX_CONTEXT}]`);
  const val = args.number("val", 0.1, (v) => v >= 0 && v < 1, "in [0, 1)");
  const seed = args.integer("seed", 0, 0);
  return { context, val, seed };
}

/** The sorted distinct characters of `lines`; E0638 past MAX_VOCAB, at the first character over. */
function vocabularyOf(lines: readonly TextLine[], path: string): string[] {
  const seen = new Set<string>();
  for (const l of [...lines].sort((a, b) => a.line - b.line)) {
    for (const [col, c] of l.chars.entries()) {
      if (seen.has(c)) continue;
      seen.add(c);
      if (seen.size > MAX_VOCAB) {
        throw new DataError("E0638", `\`${path}\` line ${l.line}, column ${col + 1}: the training lines hold more than ${MAX_VOCAB} distinct characters; this is character ${MAX_VOCAB + 1}`, {
          file: path,
          where: `line ${l.line}`,
          help: `text data is modelled character by character, with at most ${MAX_VOCAB} distinct characters: is this the file you meant?`,
        });
      }
    }
  }
  return [...seen].sort(compareCodePoints);
}

/** The rows of `lines` (each encoded as ids) as the fields x, y (i32) and mask (f32), T per row. */
function rowsOf(name: string, path: string, lines: readonly TextLine[], ids: readonly Int32Array[], T: number): Dataset {
  let rows = 0;
  for (const l of ids) rows += Math.ceil((l.length + 1) / T);
  const x = new Int32Array(rows * T);
  const y = new Int32Array(rows * T);
  const mask = new Float32Array(rows * T);
  const lineOf = new Int32Array(rows);
  let r = 0;
  for (const [i, l] of ids.entries()) {
    const pairs = l.length + 1;
    // s_j = 0 for j = 0 and j = L + 1, else l[j − 1].
    const s = (j: number): number => (j === 0 || j > l.length ? 0 : l[j - 1]!);
    for (let k = 0; k * T < pairs; k++, r++) {
      lineOf[r] = lines[i]!.line;
      for (let t = 0; t < T && k * T + t < pairs; t++) {
        const j = k * T + t;
        x[r * T + t] = s(j);
        y[r * T + t] = s(j + 1);
        mask[r * T + t] = 1;
      }
    }
  }
  const fields = [
    { name: "x", shape: [T], data: x, byteScale: 1 },
    { name: "y", shape: [T], data: y, byteScale: 1 },
    { name: "mask", shape: [T], data: mask, byteScale: 1 },
  ];
  return makeDataset(name, fields, (i) => ({ file: path, where: `line ${lineOf[i] ?? 0}` }));
}

/**
 * Text data from its lines: the seeded split, the vocabulary, the rows of both parts and the bigram
 * baseline. `name` describes the source (`chars("names.txt")`), `unit` what a line is ("lines", "names").
 */
export function textSplit(lines: readonly TextLine[], o: { name: string; path: string; unit: string; context: number; val: number; seed: number }): TextSplit {
  const n = lines.length;
  const nVal = Math.round(n * o.val);
  if (nVal >= n) throw new DataError("E0633", `${o.name} has ${n} line${n === 1 ? "" : "s"}: too few to keep ${nVal} for validation`, { file: o.path, help: "use more lines or a smaller `val`" });
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, new Rng(o.seed));
  const train = Array.from(order.subarray(0, n - nVal), (i) => lines[i]!);
  const vocab = vocabularyOf(train, o.path);
  const index = new Map(vocab.map((c, i) => [c, i + 1]));
  const encode = (l: TextLine): Int32Array => {
    const ids = new Int32Array(l.chars.length);
    for (let i = 0; i < ids.length; i++) ids[i] = index.get(l.chars[i]!) ?? -1;
    return ids;
  };
  const trainIds = train.map(encode);
  const valLines: TextLine[] = [];
  const valIds: Int32Array[] = [];
  for (const i of order.subarray(n - nVal)) {
    const ids = encode(lines[i]!);
    if (ids.includes(-1)) continue;
    valLines.push(lines[i]!);
    valIds.push(ids);
  }
  const counts = bigramCounts(trainIds, vocab.length);
  const text: TextInfo = {
    file: o.path,
    unit: o.unit,
    context: o.context,
    trainLines: train.length,
    validationLines: valLines.length,
    dropped: nVal - valLines.length,
    vocab,
    bigram: bigramCrossEntropy(counts, vocab.length, valIds),
  };
  return {
    train: rowsOf(`${o.name} [train]`, o.path, train, trainIds, o.context),
    validation: valLines.length === 0 ? null : rowsOf(`${o.name} [validation]`, o.path, valLines, valIds, o.context),
    text,
    hooks: textRunHooks(text),
  };
}

/** `chars("names.txt", context = 16, val = 0.1, seed = 0)`: a UTF-8 file, one example per line. */
export function loadChars(spec: DataSourceSpec, baseDir: string): TextSplit {
  const args = new ArgReader(spec, ["path"]);
  const raw = args.string("path");
  const { context, val, seed } = textArgs(args);
  args.finish([]);
  if (raw === undefined) throw new DataError("E0622", '`chars` needs a file name: `chars("names.txt", context = 16)`');
  const path = isAbsolute(raw) ? raw : join(baseDir, raw);
  const name = `chars(${JSON.stringify(raw)})`;
  return textSplit(textLines(readDataFile(path), path, name), { name, path, unit: "lines", context, val, seed });
}
