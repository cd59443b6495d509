import { readFileSync, readdirSync } from "node:fs";
import { SourceFile } from "@nnc/diagnostics";
import { parse } from "@nnc/syntax";
import { checkProgram } from "@nnc/lower";
const dir = "../../test/errors/";
let bad = 0;
for (const f of readdirSync(dir).sort()) {
  const text = readFileSync(dir + f, "utf8");
  const src = new SourceFile(f, text);
  const p = parse(src);
  const r = checkProgram(p.program, src);
  const all = [...p.diagnostics, ...r.diagnostics];
  const got = all.map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
  const want = [...text.matchAll(/^# expect: (E\d+ \d+:\d+)$/gm)].map((m) => m[1]);
  const ok = JSON.stringify(got) === JSON.stringify(want);
  if (!ok) bad++;
  console.log(`${ok ? "ok  " : "FAIL"} ${f}  want ${want.join(", ")}  got ${got.join(", ")}`);
  if (process.argv.includes("-v") || !ok) for (const d of all) console.log(`      ${d.code} ${d.span.line}:${d.span.column} ${d.message}${d.help ? " | help: " + d.help : ""}${d.label ? " | label: " + d.label : ""}${d.labels.length ? " | labels: " + d.labels.map(l => `${l.span.line}:${l.span.column} ${l.message}`).join("; ") : ""}${d.notes.length ? " | notes: " + d.notes.join("; ") : ""}`);
}
console.log("bad", bad);
