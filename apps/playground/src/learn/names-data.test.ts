import { expect, test } from "vitest";
import { loadNames } from "@nnc/runtime";
import { packNames } from "../../build/names-pack.ts";
import { NAMES_FILE as PLUGIN_FILE } from "../../build/names-plugin.ts";
import { NAMES_ARGS, NAMES_FILE, namesArgsProblem, namesSplit } from "../page-data.ts";
import { namesHeader } from "./names-format.ts";

test("the names asset decodes to the runtime's own names() split, row for row", () => {
  const bytes = packNames();
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  const page = namesSplit(copy);
  const cli = loadNames({ source: "names", args: { ...NAMES_ARGS } });
  expect(PLUGIN_FILE).toBe(NAMES_FILE);
  expect(page.vocab).toEqual(cli.text.vocab);
  expect(page.vocab.length).toBe(26);
  expect(page.train.size).toBe(cli.train.size);
  expect(page.validation?.size).toBe(cli.validation?.size);
  for (const [a, b] of [[page.train, cli.train], [page.validation!, cli.validation!]] as const) {
    for (const name of ["x", "y", "mask"]) {
      const pa = a.fields.find((f) => f.name === name)!.data;
      const pb = b.fields.find((f) => f.name === name)!.data;
      expect(pa.length).toBe(pb.length);
      expect(Array.from(pa).every((v, i) => v === pb[i])).toBe(true);
    }
  }
  expect(page.bigram).toBeCloseTo(2.4576, 4);
  // ≈ 30,300 names, 16 positions, three byte fields: about 1.4 MB served.
  expect(bytes.length).toBeLessThan(1_600_000);
  // The page's header-only read gives the same alphabet; a truncated file or other args are refused.
  expect(namesHeader(copy).header.vocab).toEqual(page.vocab);
  expect(() => namesSplit(copy.slice(0, copy.byteLength - 1))).toThrow(/bytes, its header promises/);
  const headerBytes = new DataView(copy).getUint32(0, true);
  const text = new TextDecoder().decode(bytes.subarray(4, 4 + headerBytes));
  const other = new TextEncoder().encode(text.replace('"context":16', '"context":17'));
  expect(other.length).toBe(headerBytes);
  const changed = new Uint8Array(bytes);
  changed.set(other, 4);
  expect(() => namesHeader(changed.buffer)).toThrow(/built with context = 17/);
  console.log(`names.bin: ${bytes.length} bytes, ${page.train.size} train + ${page.validation?.size ?? 0} validation rows`);
});

test("only names()'s default arguments are served", () => {
  expect(namesArgsProblem({ context: 16 })).toBeNull();
  expect(namesArgsProblem({ context: 8 })).toMatch(/context = 8/);
});
