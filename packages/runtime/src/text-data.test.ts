import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bigramCounts, bigramCrossEntropy } from "./bigram.ts";
import { loadData } from "./data-source.ts";
import type { Dataset } from "./dataset.ts";
import { textInfoOf, textSummary, textVerdict, type TextInfo } from "./text-data-report.ts";
import { invalidUtf8At } from "./text-data-lines.ts";
import { thrownDataError } from "./test-errors.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-text-"));

function file(name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

function chars(name: string, args: Record<string, number> = {}): ReturnType<typeof loadData> {
  return loadData({ source: "chars", args: { "0": name, ...args } }, dir);
}

function field(ds: Dataset | null, name: string): number[] {
  return Array.from(ds?.fields.find((f) => f.name === name)?.data ?? []);
}

function info(split: ReturnType<typeof loadData>): TextInfo {
  const t = textInfoOf(split);
  if (t === null) throw new Error("not text data");
  return t;
}

describe("chars(): rows, mask and continuation", () => {
  it("lays a line out as 0 c1 … cL 0, padded with mask 0, one row per T pairs", () => {
    // One line "abc" (ids a=1, b=2, c=3): pairs (0,a) (a,b) (b,c) (c,0).
    file("one.txt", "abc\n");
    const t5 = chars("one.txt", { context: 5, val: 0 });
    expect(t5.train.fields.map((f) => [f.name, [...f.shape]])).toEqual([["x", [5]], ["y", [5]], ["mask", [5]]]);
    expect(field(t5.train, "x")).toEqual([0, 1, 2, 3, 0]);
    expect(field(t5.train, "y")).toEqual([1, 2, 3, 0, 0]);
    expect(field(t5.train, "mask")).toEqual([1, 1, 1, 1, 0]);
    // T = 4 = L + 1: exactly one row, no padding.
    const t4 = chars("one.txt", { context: 4, val: 0 });
    expect([field(t4.train, "x"), field(t4.train, "y"), field(t4.train, "mask")]).toEqual([[0, 1, 2, 3], [1, 2, 3, 0], [1, 1, 1, 1]]);
    // T = 3 < L + 1: the line continues in a second row; every pair appears once.
    const t3 = chars("one.txt", { context: 3, val: 0 });
    expect(t3.train.size).toBe(2);
    expect(field(t3.train, "x")).toEqual([0, 1, 2, 3, 0, 0]);
    expect(field(t3.train, "y")).toEqual([1, 2, 3, 0, 0, 0]);
    expect(field(t3.train, "mask")).toEqual([1, 1, 1, 1, 0, 0]);
    expect(t3.train.locate(1)).toEqual({ file: join(dir, "one.txt"), where: "line 1" });
    // T = 1: one pair per row.
    expect(field(chars("one.txt", { context: 1, val: 0 }).train, "y")).toEqual([1, 2, 3, 0]);
  });

  it("gives the rows docs/data.md shows for `anna` (vocabulary a b n), context 8 and 3", () => {
    file("anna.txt", "anna\nb\n");
    const rowsOfLine1 = (context: number): number[][][] => {
      const s = chars("anna.txt", { context, val: 0 });
      const rows = Array.from({ length: s.train.size }, (_, r) => r).filter((r) => s.train.locate(r).where === "line 1");
      return rows.map((r) => ["x", "y", "mask"].map((f) => field(s.train, f).slice(r * context, r * context + context)));
    };
    expect(rowsOfLine1(8)).toEqual([[[0, 1, 3, 3, 1, 0, 0, 0], [1, 3, 3, 1, 0, 0, 0, 0], [1, 1, 1, 1, 1, 0, 0, 0]]]);
    expect(rowsOfLine1(3)).toEqual([
      [[0, 1, 3], [1, 3, 3], [1, 1, 1]],
      [[3, 1, 0], [1, 0, 0], [1, 1, 0]],
    ]);
  });

  it("counts code points (not UTF-16 units), strips \\r and a BOM, skips blank lines, sorts the vocabulary", () => {
    file("crlf.txt", "\uFEFFb😀\r\n\r\n  \na\r\n");
    const s = chars("crlf.txt", { context: 4, val: 0 });
    expect(info(s).vocab).toEqual(["a", "b", "😀"]);
    expect(info(s).trainLines).toBe(2);
    const rows = [0, 1].map((r) => field(s.train, "x").slice(4 * r, 4 * r + 4).join(","));
    expect(rows.sort()).toEqual(["0,1,0,0", "0,2,3,0"]);
    const where = [0, 1].map((r) => s.train.locate(r).where).sort();
    expect(where).toEqual(["line 1", "line 4"]);
  });

  it("splits lines seeded; the vocabulary is the training lines'; validation lines with other characters are dropped", () => {
    const lines = Array.from({ length: 40 }, (_, i) => "abcd".slice(0, 1 + (i % 4)));
    lines.push("zz");
    file("split.txt", lines.join("\n"));
    const a = chars("split.txt", { val: 0.25, seed: 3 });
    const b = chars("split.txt", { val: 0.25, seed: 3 });
    expect(field(a.validation, "x")).toEqual(field(b.validation, "x"));
    const t = info(a);
    expect(t.trainLines + t.validationLines + t.dropped).toBe(41);
    expect(t.validationLines + t.dropped).toBe(Math.round(41 * 0.25));
    // "zz" is in exactly one part: in training it adds z to the vocabulary, in validation it is dropped.
    expect(t.vocab.includes("z")).toBe(t.dropped === 0);
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7].map((seed) => info(chars("split.txt", { val: 0.25, seed })));
    const dropped = seeds.find((x) => x.dropped === 1)!;
    expect(dropped.vocab).toEqual(["a", "b", "c", "d"]);
    expect(textSummary(dropped)[0]).toBe(`text: ${dropped.trainLines} train / ${dropped.validationLines} validation lines, vocabulary 4 characters + boundary; 1 validation line dropped (characters the training lines lack)`);
    expect(Math.max(...field(chars("split.txt", { val: 0.25, seed: seeds.indexOf(dropped) }).validation, "x"))).toBeLessThanOrEqual(4);
  });
});

describe("chars(): errors name the file and line", () => {
  it("E0634: an empty file or only blank lines", () => {
    file("empty.txt", "");
    const e = thrownDataError(() => chars("empty.txt"));
    expect([e.code, e.message]).toEqual(["E0634", `\`${join(dir, "empty.txt")}\` line 1: the text data chars("empty.txt") has no non-blank line (the file is empty)`]);
    file("blank.txt", "\n  \r\n\n");
    expect(thrownDataError(() => chars("blank.txt")).message).toBe(`\`${join(dir, "blank.txt")}\` line 1: the text data chars("blank.txt") has no non-blank line`);
  });

  it("E0635: invalid UTF-8, with the line and byte offsets", () => {
    file("latin1.txt", Uint8Array.from([0x61, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]));
    const e = thrownDataError(() => chars("latin1.txt"));
    expect([e.code, e.message, e.where]).toEqual(["E0635", `\`${join(dir, "latin1.txt")}\` line 2: invalid UTF-8 at byte 4 of the line (byte offset 5 of the file, 0xE9)`, "line 2"]);
    expect(invalidUtf8At(Uint8Array.from([0xc0, 0x80]))).toBe(0); // overlong NUL
    expect(invalidUtf8At(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(invalidUtf8At(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(invalidUtf8At(Uint8Array.from([0xe2, 0x82]))).toBe(0); // cut short
    expect(invalidUtf8At(new TextEncoder().encode("é😀€"))).toBe(-1);
  });

  it("E0636: control, separator and bidi characters, with line and column", () => {
    for (const [text, what] of [["ab\tc", "a tab (U+0009)"], ["ab\u001b[31m", "a control character (U+001B)"], ["a\u2028b", "a line or paragraph separator (U+2028)"], ["x\u202Eab", "a bidirectional-text control (U+202E)"], ["a\rb", "a control character (U+000D); the file may use old Mac line endings (a CR alone ends each line)"]] as const) {
      file("ctl.txt", `ok\n${text}\n`);
      const e = thrownDataError(() => chars("ctl.txt"));
      const col = Array.from(text).findIndex((c) => c !== "a" && c !== "b" && c !== "x") + 1;
      expect([e.code, e.message]).toEqual(["E0636", `\`${join(dir, "ctl.txt")}\` line 2, column ${col}: the line holds ${what}`]);
    }
    expect(thrownDataError(() => chars("ctl.txt")).help).toBe("end lines with LF or CRLF: convert a file of CR line endings, e.g. `tr '\\r' '\\n' < old.txt > new.txt`");
  });

  it("E0638: more than 1,000 distinct characters in the training lines", () => {
    const many = Array.from({ length: 1001 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join("");
    file("many.txt", `ab\n${many}\n`);
    const e = thrownDataError(() => chars("many.txt", { val: 0 }));
    expect([e.code, e.message]).toEqual(["E0638", `\`${join(dir, "many.txt")}\` line 2, column 999: the training lines hold more than 1000 distinct characters; this is character 1001`]);
  });

  it("E0622: arguments are checked before the file is read", () => {
    expect(thrownDataError(() => chars("missing.txt", { context: 0 })).message).toBe("argument `context` of `chars` must be a whole number in [1, 65536], got 0");
    expect(thrownDataError(() => chars("missing.txt")).code).toBe("E0620");
  });
});

describe("the bigram baseline", () => {
  it("matches a hand computation with add-one smoothing", () => {
    // Training lines "ab", "b" (a = 1, b = 2): n(0,a)=1 n(0,b)=1 n(a,b)=1 n(b,0)=2; V + 1 = 3 symbols.
    const counts = bigramCounts([Int32Array.of(1, 2), Int32Array.of(2)], 2);
    expect(Array.from(counts)).toEqual([0, 1, 1, 0, 0, 1, 2, 0, 0]);
    // Validation "ba": P(b|0) = 2/5, P(a|b) = 1/5, P(0|a) = 1/4.
    const want = -(Math.log(2 / 5) + Math.log(1 / 5) + Math.log(1 / 4)) / 3;
    expect(bigramCrossEntropy(counts, 2, [Int32Array.of(2, 1)])).toBeCloseTo(want, 14);
    expect(bigramCrossEntropy(counts, 2, [])).toBeNull();
  });

  it("is the figure of the split chars() makes, over exactly the masked validation positions", () => {
    const words = ["anna", "bob", "abba", "bab", "nab", "ban", "aa", "b", "nan", "bonn", "no", "on", "oba", "nob", "ab", "ba"];
    file("words.txt", words.join("\n"));
    const s = chars("words.txt", { val: 0.25, seed: 1, context: 3 });
    const t = info(s);
    // Independent: counts over strings from the rows themselves (train rows' masked pairs), scored on validation rows' masked pairs.
    const pairs = (ds: Dataset | null): [number, number][] => {
      const x = field(ds, "x");
      const y = field(ds, "y");
      const m = field(ds, "mask");
      return x.flatMap((v, i) => (m[i] === 1 ? [[v, y[i]!] as [number, number]] : []));
    };
    const S = t.vocab.length + 1;
    const n = new Map<string, number>();
    const row = new Map<number, number>();
    for (const [a, b] of pairs(s.train)) {
      n.set(`${a},${b}`, (n.get(`${a},${b}`) ?? 0) + 1);
      row.set(a, (row.get(a) ?? 0) + 1);
    }
    const val = pairs(s.validation);
    const ce = val.reduce((acc, [a, b]) => acc - Math.log(((n.get(`${a},${b}`) ?? 0) + 1) / ((row.get(a) ?? 0) + S)), 0) / val.length;
    expect(val.length).toBe(field(s.validation, "mask").reduce((a, b) => a + b, 0));
    expect(t.bigram).toBeCloseTo(ce, 12);
  });

  it("the closing line compares the model with the baseline", () => {
    const t: TextInfo = { file: "f", unit: "names", context: 16, trainLines: 27265, validationLines: 3029, dropped: 0, vocab: Array.from("abcdefghijklmnopqrstuvwxyz"), bigram: 2.45 };
    expect(textSummary(t)).toEqual(["text: 27,265 train / 3,029 validation names, vocabulary 26 characters + boundary", "bigram baseline (from counts, add-one smoothing): validation cross-entropy 2.4500 nats/char"]);
    expect(textVerdict(t, 2.0409)).toBe("validation 2.041 nats/char: 16.7 % below the bigram baseline");
    expect(textVerdict(t, 2.695)).toBe("validation 2.695 nats/char: 10.0 % above the bigram baseline");
    expect(textVerdict(t, null)).toBeNull();
    expect(textVerdict({ ...t, bigram: null }, 2)).toBeNull();
  });
});
