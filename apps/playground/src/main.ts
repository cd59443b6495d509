/**
 * The playground page (loaded by boot.ts): editor and diagnostics on the left; graphs, code and training on the right.
 * Every edit is re-checked (debounced) in the analysis Worker (analysis-client.ts) — compiling,
 * differentiating, explaining and laying out the graphs never run on the page, and the newest edit
 * wins. The graphs, code and training follow the last program that checked, and the URL hash always
 * holds the source and settings (a share link). This file only wires the panels together.
 */
import { AnalysisClient, type Checked } from "./analysis-client.ts";
import type { PageAnalysis } from "./analysis-protocol.ts";
import { renderCode } from "./code-panel.ts";
import { showDiagnostics, showStatus } from "./diagnostics-panel.ts";
import { h } from "./dom.ts";
import { takeEarlyCheck } from "./early-check.ts";
import { createEditor } from "./editor.ts";
import { EXAMPLES, exampleById, exampleForShare, syncPicker, type Example } from "./examples.ts";
import { createExportMenu } from "./export-menu.ts";
import { GraphsPanel } from "./graphs-panel.ts";
import { defaultSettings, overridesOf, type TrainSettings } from "./settings.ts";
import { encodeShare, readShare, shareNotice } from "./share.ts";
import { Tabs } from "./tabs.ts";
import { TrainPanel } from "./train-panel.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

const read = readShare(location.hash);
const shared = read.kind === "none" ? null : read.shared;
let example: Example = exampleForShare(shared?.example);
let fileName = example.file;
let overrides: Partial<TrainSettings> = shared?.settings ?? {};
/** The last finished check (null until the first one finishes). */
let current: PageAnalysis | null = null;
let codeFresh = false;
// A share link's program is already being checked (boot.ts started the Worker on it): the first check adopts it.
const client = new AnalysisClient(undefined, { early: takeEarlyCheck() });

/** The settings `nnc train` would use for the program (the Worker's summary), with the page's changes. */
const defaultsOf = (a: PageAnalysis | null): TrainSettings => a?.model?.defaults ?? defaultSettings(undefined);
const settingsFor = (a: PageAnalysis | null): TrainSettings => ({ ...defaultsOf(a), ...overrides });

if (read.kind === "damaged") document.querySelector("main")!.before(shareNotice(read.reason));

const picker = $("example") as HTMLSelectElement;
for (const e of EXAMPLES) picker.append(h("option", { value: e.id }, e.title));
picker.value = example.id;
syncPicker(picker, example, shared?.source ?? example.source);

const editor = createEditor($("editor"), shared?.source ?? example.source, (text) => {
  scheduleCheck(text);
});
const graphs = new GraphsPanel(
  editor,
  (a) => settingsFor(a).seed,
  (a, box, seed) => client.detail(a, box, seed),
);
graphs.onExpand = (key) => {
  const shown = graphs.analysis;
  if (shown === null) return;
  showChecking();
  void client.expand(key, shown.text).then((c) => {
    if (c !== null) refresh(c);
  });
};
$("share").before(
  createExportMenu(() => {
    const a = graphs.analysis;
    return { text: editor.text(), fileName, analysis: a, settings: a === null ? null : settingsFor(a), generate: (x, s, target) => client.generate(x, s, target) };
  }),
);
const tabs = new Tabs($("tabs"), (name) => {
  if (name === "code") showCode();
});
const train = new TrainPanel($("tab-train"), settingsFor(null), (s) => {
  overrides = overridesOf(s, defaultsOf(current));
  codeFresh = false;
  if (tabs.active === "code") showCode();
  updateHash();
}, {
  compileClass: (p, s, target) => client.generate(p, s, target),
  model: (p) => client.model(p),
});

function updateHash(): void {
  const hash = encodeShare({ source: editor.text(), example: example.id, settings: overrides });
  history.replaceState(null, "", hash);
}

function showChecking(): void {
  const status = $("status");
  status.textContent = "checking…";
  status.className = "status checking";
}

let posted = 0;
/** Sends `text` to the Worker now; a finished check refreshes the page (a replaced one is dropped). */
function check(text: string): void {
  showChecking();
  // Checks handed to the Worker (after the edit's debounce): the e2e test of "the newest edit wins" waits on it.
  document.body.dataset["checksPosted"] = String(++posted);
  void client.check(fileName, text).then((c) => {
    if (c !== null) refresh(c);
  });
}

let timer: ReturnType<typeof setTimeout> | undefined;
function scheduleCheck(text: string): void {
  clearTimeout(timer);
  showChecking();
  timer = setTimeout(() => {
    check(text);
    updateHash();
  }, 250);
}

let codeRequest = 0;
function showCode(): void {
  const shown = graphs.analysis;
  if (codeFresh || shown === null) return;
  codeFresh = true;
  const mine = ++codeRequest;
  void client.generate(shown, settingsFor(shown), "ts").then((g) => {
    if (mine === codeRequest) renderCode($("tab-code"), g, shown.fileName);
  });
}

/** Runs `f` as a named User Timing measure (`nnc:<name>`), so a profile (and the e2e test) can tell where page time goes. */
function timed(name: string, f: () => void): void {
  const start = performance.now();
  f();
  performance.measure(`nnc:${name}`, { start, end: performance.now() });
}

let checks = 0;
function refresh(c: Checked): void {
  timed("refresh", () => {
    refreshNow(c);
  });
}

function refreshNow(c: Checked): void {
  const a = c.analysis;
  current = a;
  // Counts finished checks, so tests (and curious users) can tell when an edit has been processed.
  document.body.dataset["checks"] = String(++checks);
  // How long the Worker took on it: compiling to explaining, and grouping plus layout (tests print these).
  document.body.dataset["analyzeMs"] = String(Math.round(c.analyzeMs));
  document.body.dataset["layoutMs"] = String(Math.round(c.layoutMs));
  // Analysis Workers started, and restarted for a newer edit (the e2e test of "the newest edit wins" reads these).
  document.body.dataset["analysisWorkers"] = String(client.started);
  document.body.dataset["analysisRestarts"] = String(client.restarts);
  timed("editor-diagnostics", () => {
    editor.showDiagnostics(a.diagnostics);
  });
  // A compiler bug (isInternalError) is shown as an error, never beside a green check.
  showStatus($("status"), a);
  timed("diagnostics", () => {
    showDiagnostics($("diagnostics"), a, (d) => {
      editor.highlight({ from: d.from, to: d.to });
    });
  });
  timed("graphs", () => {
    graphs.show(a, c.drawings);
  });
  // Graphs of an older program stay, dimmed, while this one has errors or the compiler failed on it.
  $("tab-graphs").classList.toggle("stale", !a.ok || c.drawings === null);
  syncPicker(picker, example, a.text);
  if (a.ok) {
    codeFresh = false;
    if (tabs.active === "code") showCode();
    timed("train", () => {
      train.setProgram(a, settingsFor(a));
    });
  }
}

picker.addEventListener("change", () => {
  example = exampleById(picker.value) ?? example;
  fileName = example.file;
  overrides = {};
  graphs.clearSelection();
  editor.setText(example.source);
  syncPicker(picker, example, example.source);
  clearTimeout(timer);
  check(example.source);
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

check(shared?.source ?? example.source);
// A damaged link stays in the address bar (to be inspected) until the first edit.
if (read.kind === "none") updateHash();
