/**
 * docs/export.md's op-support section is generated from the ONNX and PyTorch op tables, so it says
 * which ops each target lacks as the tables do (NNC_UPDATE_GOLDEN=1 rewrites the section); its
 * f64 note names every op the ONNX rules flag `ortFloatOnly`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PY_OPS } from "@nnc/codegen-pytorch";
import { ONNX_OPS } from "@nnc/export-onnx";

const file = join(import.meta.dirname, "..", "..", "docs", "export.md");
const START = "<!-- op support: generated from ONNX_OPS and PY_OPS by test/src/export-docs.test.ts (NNC_UPDATE_GOLDEN=1 rewrites it) -->";
const END = "<!-- end of op support -->";

type Rules = Readonly<Record<string, object>>;

/** The ops a table marks `unsupported`, with the reason. */
function lacking(table: Rules): [string, string][] {
  return Object.entries(table).flatMap(([op, r]) => ("unsupported" in r && typeof r.unsupported === "string" ? [[op, r.unsupported] as [string, string]] : []));
}

function supportSection(): string {
  const ops = Object.keys(ONNX_OPS).sort();
  const targets: [string, Rules][] = [
    ["ONNX (opset 17)", ONNX_OPS],
    ["PyTorch", PY_OPS],
  ];
  const rows = targets.map(([name, t]) => {
    const no = lacking(t);
    return `| ${name} | ${ops.length - no.length} of ${ops.length} | ${no.length === 0 ? "none" : no.map(([op, why]) => `\`${op}\` (${why})`).join("; ")} |`;
  });
  return [
    "| target | ops with a rule | ops without one (E0700 / E0701) |",
    "|---|---|---|",
    ...rows,
    "",
    `The ops of the op table (forward and backward; \`nnc ir\` and \`nnc grad\` show which a model uses): ${ops.map((o) => `\`${o}\``).join(", ")}.`,
    "",
  ].join("\n");
}

function splice(doc: string, body: string): string | undefined {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) return undefined;
  return `${doc.slice(0, a + START.length)}\n${body}${doc.slice(b)}`;
}

describe("docs/export.md", () => {
  it("lists the ops each target supports as the ONNX and PyTorch op tables do", () => {
    const doc = readFileSync(file, "utf8");
    const want = splice(doc, supportSection());
    expect(want, `docs/export.md lacks the markers ${START} … ${END}`).toBeDefined();
    if (process.env["NNC_UPDATE_GOLDEN"] === "1" && want !== doc) writeFileSync(file, want!);
    else expect(doc).toBe(want);
  });

  it("names every op onnxruntime has no double kernel for (the rules' ortFloatOnly) where it explains --dtype f64", () => {
    const doc = readFileSync(file, "utf8");
    const at = doc.indexOf("has no `double` kernel for");
    expect(at).toBeGreaterThan(0);
    const paragraph = doc.slice(at, doc.indexOf("\n- ", at));
    const flagged = Object.entries(ONNX_OPS as Rules).flatMap(([op, r]) => ("ortFloatOnly" in r && typeof r.ortFloatOnly === "string" ? [op, r.ortFloatOnly] : []));
    expect(flagged.length).toBeGreaterThan(0);
    for (const name of flagged) expect(paragraph).toContain(`\`${name}\``);
  });

  it("the two tables cover the same ops", () => {
    expect(Object.keys(PY_OPS).sort()).toEqual(Object.keys(ONNX_OPS).sort());
  });
});
