/**
 * The playground page: editor and diagnostics on the left; graphs, code and training on the right.
 * Every edit is re-checked (debounced); the graphs, code and training follow the last program that
 * checked, and the URL hash always holds the source and settings (a share link).
 */
import "./style.css";
import { analyze, type Analysis } from "./analyze.ts";
import { renderCode } from "./code-panel.ts";
import { renderDetail } from "./detail.ts";
import { h } from "./dom.ts";
import { createEditor } from "./editor.ts";
import { EXAMPLES, exampleById, type Example } from "./examples.ts";
import { generate } from "./generate.ts";
import { backwardDrawing, forwardDrawing, type Box } from "./graph-model.ts";
import { markTie, renderGraph } from "./graph-svg.ts";
import { defaultSettings, overridesOf, type TrainSettings } from "./settings.ts";
import { decodeShare, encodeShare } from "./share.ts";
import { TrainPanel } from "./train-panel.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

const shared = decodeShare(location.hash);
let example: Example = exampleById(shared?.example ?? "matvec") ?? EXAMPLES[0]!;
let fileName = example.file;
let overrides: Partial<TrainSettings> = shared?.settings ?? {};
let current: Analysis = analyze(fileName, shared?.source ?? example.source);
let shown: Analysis | null = null;
let selected: Box | null = null;
let tab = "graphs";
let codeFresh = false;

const settingsFor = (a: Analysis): TrainSettings => ({ ...defaultSettings(a.model), ...overrides });

const picker = $("example") as HTMLSelectElement;
for (const e of EXAMPLES) picker.append(h("option", { value: e.id }, e.title));
picker.value = example.id;

const editor = createEditor($("editor"), shared?.source ?? example.source, (text) => {
  scheduleCheck(text);
});
const train = new TrainPanel($("tab-train"), settingsFor(current), (s) => {
  overrides = overridesOf(s, defaultSettings(current.model));
  codeFresh = false;
  if (tab === "code") showCode();
  updateHash();
});

function updateHash(): void {
  const hash = encodeShare({ source: editor.text(), example: example.id, settings: overrides });
  history.replaceState(null, "", hash);
}

let timer: ReturnType<typeof setTimeout> | undefined;
function scheduleCheck(text: string): void {
  clearTimeout(timer);
  timer = setTimeout(() => {
    current = analyze(fileName, text);
    refresh();
    updateHash();
  }, 250);
}

function showDiagnostics(a: Analysis): void {
  const box = $("diagnostics");
  box.replaceChildren();
  const errors = a.diagnostics.filter((d) => d.diagnostic.severity === "error").length;
  const status = $("status");
  status.textContent = errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : a.model === undefined ? "checks" : `✓ ${a.model.name} checks`;
  status.className = `status ${errors > 0 ? "bad" : "good"}`;
  if (a.failure !== undefined) box.append(h("pre", { class: "diag error" }, a.failure));
  for (const d of a.diagnostics) {
    const s = d.diagnostic.span;
    const head = h("button", { class: "loc", title: "show in the editor" }, `${s.line}:${s.column}`);
    head.addEventListener("click", () => {
      editor.highlight({ from: d.from, to: d.to });
    });
    box.append(h("div", { class: `diag ${d.diagnostic.severity}`, "data-testid": "diagnostic", "data-line": String(s.line) }, head, h("pre", {}, d.text)));
  }
  if (a.diagnostics.length === 0 && a.failure === undefined) box.append(h("p", { class: "ok" }, "No problems."));
}

function ties(a: Analysis): Map<string, number> {
  return new Map((a.forward?.nodes ?? []).map((n, i) => [n.id, i]));
}

function select(box: Box | null): void {
  selected = box;
  const a = shown;
  if (a === null) return;
  for (const e of document.querySelectorAll(".box.selected")) e.classList.remove("selected");
  if (box !== null) document.querySelector(`.box[data-key="${CSS.escape(box.key)}"]`)?.classList.add("selected");
  markTie(document, box?.tie ?? null, "tied");
  const node = box === null ? undefined : a.grad?.graph.nodes.find((n) => n.id === box.ids[box.ids.length - 1]);
  const span = node?.span;
  // Only spans in the editor's file: a node inlined from a standard-library block has its span in `nnc:std/*.nn`.
  editor.highlight(span === undefined || span.file !== a.source.name ? null : { from: span.start, to: span.end });
  renderDetail($("detail"), a, box, settingsFor(a).seed);
}

function showGraphs(a: Analysis): void {
  const tab = $("tab-graphs");
  tab.classList.toggle("stale", !a.ok);
  if (!a.ok || a.forward === undefined || a.grad === undefined) return;
  shown = a;
  const colours = ties(a);
  const handlers = {
    onSelect: select,
    onHover: (tie: string | null) => {
      markTie(document, tie, "hover");
    },
  };
  renderGraph($("forward-graph"), forwardDrawing(a.forward), colours, handlers);
  renderGraph($("backward-graph"), backwardDrawing(a.grad), colours, handlers);
  const keep = selected === null ? null : [...forwardDrawing(a.forward).boxes, ...backwardDrawing(a.grad).boxes].find((b) => b.key === selected?.key);
  select(keep ?? null);
}

function showCode(): void {
  if (codeFresh || shown === null) return;
  renderCode($("tab-code"), generate(shown, settingsFor(shown), "ts"), fileName);
  codeFresh = true;
}

let checks = 0;
function refresh(): void {
  // Counts finished checks, so tests (and curious users) can tell when an edit has been processed.
  document.body.dataset["checks"] = String(++checks);
  editor.showDiagnostics(current.diagnostics);
  showDiagnostics(current);
  showGraphs(current);
  if (current.ok) {
    codeFresh = false;
    if (tab === "code") showCode();
    train.setProgram(current, settingsFor(current));
  }
}

function setTab(name: string): void {
  tab = name;
  for (const b of document.querySelectorAll<HTMLButtonElement>(".tabs button")) b.classList.toggle("active", b.dataset["tab"] === name);
  for (const t of ["graphs", "code", "train"]) $(`tab-${t}`).classList.toggle("hidden", t !== name);
  if (name === "code") showCode();
}

for (const b of document.querySelectorAll<HTMLButtonElement>(".tabs button")) {
  b.addEventListener("click", () => {
    setTab(b.dataset["tab"] ?? "graphs");
  });
}

picker.addEventListener("change", () => {
  example = exampleById(picker.value) ?? example;
  fileName = example.file;
  overrides = {};
  selected = null;
  editor.setText(example.source);
  clearTimeout(timer);
  current = analyze(fileName, example.source);
  refresh();
  updateHash();
});

$("share").addEventListener("click", () => {
  updateHash();
  const status = $("status");
  navigator.clipboard.writeText(location.href).then(
    () => (status.textContent = "link copied"),
    () => (status.textContent = "link in the address bar"),
  );
});

refresh();
if (shared === null) updateHash();
