/**
 * The playground page: editor and diagnostics on the left; graphs, code and training on the right.
 * Every edit is re-checked (debounced); the graphs, code and training follow the last program that
 * checked, and the URL hash always holds the source and settings (a share link). This file only
 * wires the panels together; each panel is its own module.
 */
import "./style.css";
import { analyze, type Analysis } from "./analyze.ts";
import { renderCode } from "./code-panel.ts";
import { showDiagnostics, showStatus } from "./diagnostics-panel.ts";
import { h } from "./dom.ts";
import { createEditor } from "./editor.ts";
import { EXAMPLES, exampleById, type Example } from "./examples.ts";
import { generate } from "./generate.ts";
import { GraphsPanel } from "./graphs-panel.ts";
import { defaultSettings, overridesOf, type TrainSettings } from "./settings.ts";
import { decodeShare, encodeShare } from "./share.ts";
import { Tabs } from "./tabs.ts";
import { TrainPanel } from "./train-panel.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

const shared = decodeShare(location.hash);
let example: Example = exampleById(shared?.example ?? "matvec") ?? EXAMPLES[0]!;
let fileName = example.file;
let overrides: Partial<TrainSettings> = shared?.settings ?? {};
let current: Analysis = analyze(fileName, shared?.source ?? example.source);
let codeFresh = false;

const settingsFor = (a: Analysis): TrainSettings => ({ ...defaultSettings(a.model), ...overrides });

const picker = $("example") as HTMLSelectElement;
for (const e of EXAMPLES) picker.append(h("option", { value: e.id }, e.title));
picker.value = example.id;

const editor = createEditor($("editor"), shared?.source ?? example.source, (text) => {
  scheduleCheck(text);
});
const graphs = new GraphsPanel(editor, (a) => settingsFor(a).seed);
const tabs = new Tabs($("tabs"), (name) => {
  if (name === "code") showCode();
});
const train = new TrainPanel($("tab-train"), settingsFor(current), (s) => {
  overrides = overridesOf(s, defaultSettings(current.model));
  codeFresh = false;
  if (tabs.active === "code") showCode();
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

function showCode(): void {
  const shown = graphs.analysis;
  if (codeFresh || shown === null) return;
  renderCode($("tab-code"), generate(shown, settingsFor(shown), "ts"), fileName);
  codeFresh = true;
}

let checks = 0;
function refresh(): void {
  // Counts finished checks, so tests (and curious users) can tell when an edit has been processed.
  document.body.dataset["checks"] = String(++checks);
  editor.showDiagnostics(current.diagnostics);
  showStatus($("status"), current);
  showDiagnostics($("diagnostics"), current, (d) => {
    editor.highlight({ from: d.from, to: d.to });
  });
  graphs.show(current);
  if (current.ok) {
    codeFresh = false;
    if (tabs.active === "code") showCode();
    train.setProgram(current, settingsFor(current));
  }
}

picker.addEventListener("change", () => {
  example = exampleById(picker.value) ?? example;
  fileName = example.file;
  overrides = {};
  graphs.clearSelection();
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
