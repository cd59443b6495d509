/**
 * End-to-end checks of issue 15's smaller bugs, at desktop and phone size: a damaged share link says
 * so; an out-of-range field keeps its text with an error; the picker says the program is edited (or the user's own) and its label fits; the
 * diagnostics render `code` spans as <code> and never widen the page; the export buttons download
 * the `.nn` text, compile()'s class and the ONNX bytes of `nnc export`, and say when these differ.
 */
import { readFileSync } from "node:fs";
import { compile } from "@nnc/compiler";
import { exportOnnx } from "@nnc/compiler/node";
import { compressToEncodedURIComponent } from "lz-string";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appUrl, endOfLine, open, pick, sharedPage, shot, typeAndCheck, UI_TIMEOUT, usePlayground } from "./e2e-harness.ts";
import { exampleById } from "./examples.ts";
import { NNC_VERSION } from "./export-files.ts";

usePlayground();

const SIZES = [
  { name: "desktop", phone: false },
  { name: "phone", phone: true },
] as const;

const editorText = (p: Page): Promise<string> => p.evaluate(() => [...document.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"));

/** The page is no wider than its viewport (nothing scrolls it sideways). */
const pageFits = (p: Page): Promise<boolean> => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Clicks `selector` and returns the bytes and name of the download it starts. */
async function downloadOf(p: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([p.waitForEvent("download"), p.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

const link = (payload: unknown): string => appUrl(`#s=${compressToEncodedURIComponent(JSON.stringify(payload))}`);

describe.each(SIZES)("issue 15's smaller bugs ($name)", { timeout: UI_TIMEOUT }, ({ name, phone }) => {
  // The app opened plainly, shared by the tests that start by picking an example (which resets text and settings).
  const page = sharedPage({ phone });

  it("says a share link is damaged, keeps what it can, and lets the message be dismissed", async () => {
    const p = await open(appUrl("#s=N4IgbiBcCMA0IGcBOB"), { phone });
    const notice = p.locator("[data-testid=share-notice]");
    await notice.waitFor();
    expect(await notice.getAttribute("role")).toBe("alert");
    expect(await notice.textContent()).toContain("This link is damaged: its compressed text cannot be read");
    expect(await pageFits(p)).toBe(true);
    await shot(`bugs-damaged-link-${name}`);
    await p.click("[data-testid=share-notice-dismiss]");
    expect(await notice.count()).toBe(0);

    // Readable but with a bad setting: the source is kept, the notice names the setting.
    const q = await open(link({ v: 1, src: "# kept\nmodel K(a: f32[2]) -> (b: f32[2]) {\n  b = a * 2\n}\n", ex: "matvec", set: { batch: 99_999 } }), { phone });
    await q.locator("[data-testid=share-notice]").waitFor();
    expect(await q.textContent("[data-testid=share-notice]")).toContain("the setting batch was not valid");
    expect(await editorText(q)).toContain("# kept");
  });

  it("keeps an out-of-range setting's text, marked invalid with the allowed range, until it is fixed", async () => {
    const p = page();
    await pick(p, "spirals");
    await p.click(".tabs button[data-tab=train]");
    const lr = "[data-testid=set-optimizer-lr]";
    const before = await p.inputValue(lr);
    await p.fill(lr, "-3");
    await p.dispatchEvent(lr, "change");
    expect(await p.inputValue(lr)).toBe("-3");
    expect(await p.getAttribute(lr, "aria-invalid")).toBe("true");
    const error = p.locator("[data-testid=set-optimizer-lr-error]");
    expect(await error.textContent()).toContain("allowed: a number");
    expect(await p.getAttribute(lr, "aria-describedby")).toBe(await error.getAttribute("id"));
    await p.locator(lr).scrollIntoViewIfNeeded();
    await shot(`bugs-invalid-field-${name}`);
    // Another field's change re-syncs the form: the text being fixed stays.
    await p.selectOption("[data-testid=set-schedule]", "cosine");
    expect(await p.inputValue(lr)).toBe("-3");
    await p.fill(lr, before);
    await p.dispatchEvent(lr, "change");
    expect(await p.getAttribute(lr, "aria-invalid")).toBeNull();
    expect(await error.count()).toBe(0);

    // The plain fields (train-controls.ts) do the same with their ranges (settings.ts FIELD_RANGES).
    const batch = "[data-testid=set-batch]";
    await p.fill(batch, "9999");
    await p.dispatchEvent(batch, "change");
    expect(await p.inputValue(batch)).toBe("9999");
    expect(await p.getAttribute(batch, "aria-invalid")).toBe("true");
    expect(await p.textContent("[data-testid=set-batch-error]")).toBe("out of range; allowed: a whole number from 1 to 512");
    await p.fill(batch, "64");
    await p.dispatchEvent(batch, "change");
    expect(await p.getAttribute(batch, "aria-invalid")).toBeNull();
    expect(await p.inputValue(batch)).toBe("64");
  });

  it("shows 'edited:' in the picker once the text differs from the example, also after a share link; 'your program' once replaced", async () => {
    const p = page();
    await pick(p, "matvec");
    const selected = (q: Page): Promise<string | null> => q.evaluate(() => (document.querySelector("[data-testid=example]") as HTMLSelectElement).selectedOptions[0]?.textContent ?? null);
    // The selected label's text width against the room inside the picker (its padding and a 16 px arrow off).
    const labelFits = (q: Page): Promise<boolean> =>
      q.evaluate(() => {
        const sel = document.querySelector("[data-testid=example]") as HTMLSelectElement;
        const cs = getComputedStyle(sel);
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.font = cs.font;
        const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
        return ctx.measureText(sel.selectedOptions[0]?.textContent ?? "").width <= room;
      });
    expect(await selected(p)).toBe("b = W·a (the Jacobian)");
    await endOfLine(p, 3);
    await typeAndCheck(p, "  # mine");
    expect(await selected(p)).toBe("edited: b = W·a");
    expect(await labelFits(p)).toBe(true);
    expect(await p.getAttribute("[data-testid=example]", "data-edited")).toBe("true");
    await shot(`bugs-edited-picker-${name}`);
    const url = p.url();
    const q = await open(url, { phone });
    await q.waitForFunction(() => Number(document.body.dataset["checks"]) >= 1);
    expect(await selected(q)).toBe("edited: b = W·a");

    // The whole text replaced by an unrelated program: the user's own, not an edit of the example.
    await q.locator(".cm-content").click();
    await q.keyboard.press("Control+A");
    const before = Number(await q.getAttribute("body", "data-checks"));
    await q.keyboard.insertText("model K(a: f32[2]) -> (b: f32[2]) {\n  b = a * 2\n}\n");
    await q.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
    expect(await selected(q)).toBe("your program");
    expect(await labelFits(q)).toBe(true);
    // The longest edited label fits too.
    await pick(q, "spirals");
    await endOfLine(q, 1);
    await typeAndCheck(q, " ");
    expect(await selected(q)).toBe("edited: Spirals classifier");
    expect(await labelFits(q)).toBe(true);
  });

  it("renders `code` spans of messages as <code>, and a long line scrolls inside its frame, not the page", async () => {
    const p = page();
    await pick(p, "matvec");
    await endOfLine(p, 3);
    const before = Number(await p.getAttribute("body", "data-checks"));
    await p.keyboard.insertText(`${" + a".repeat(150)} + cc`);
    await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
    const head = p.locator("[data-testid=diagnostic] .diag-head").first();
    await head.waitFor();
    expect(await head.textContent()).toBe("error[E0101]: undefined name cc");
    expect(await head.locator("code").allTextContents()).toEqual(["cc"]);
    expect(await p.locator("[data-testid=diagnostics]").evaluate((e) => e.textContent.includes("`"))).toBe(false);
    expect(await pageFits(p)).toBe(true);
    const panel = await p.locator("[data-testid=diagnostics]").evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(panel.scroll).toBeLessThanOrEqual(panel.client);
    const frame = await p.locator("[data-testid=diagnostic] .diag-frame").first().evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(frame.scroll).toBeGreaterThan(frame.client);
    await p.locator("[data-testid=diagnostics]").scrollIntoViewIfNeeded();
    await shot(`bugs-diagnostics-${name}`);
  });

  it("downloads the .nn file, compile()'s class and the ONNX model of `nnc export`", async () => {
    const p = page();
    await pick(p, "spirals");
    const source = exampleById("spirals")!.source;
    const nn = await downloadOf(p, "[data-testid=export-nn]");
    expect(nn.name).toBe("Spiral.nn");
    expect(nn.bytes.toString("utf8")).toBe(source);
    const ts = await downloadOf(p, "[data-testid=export-ts]");
    expect(ts.name).toBe("Spiral.ts");
    expect(ts.bytes.toString("utf8")).toBe(compile(source, { fileName: "spirals.nn", generate: "class", target: "ts" }).generated!.code);
    const js = await downloadOf(p, "[data-testid=export-js]");
    expect(js.name).toBe("Spiral.js");
    expect(js.bytes.toString("utf8")).toBe(compile(source, { fileName: "spirals.nn", generate: "class", target: "js" }).generated!.code);
    const onnx = await downloadOf(p, "[data-testid=export-onnx]");
    expect(onnx.name).toBe("Spiral.onnx");
    // A ModelProto starts with field 1 (ir_version, a varint): the byte 0x08.
    expect(onnx.bytes[0]).toBe(0x08);
    const cli = await exportOnnx(source, { fileName: "spirals.nn", version: NNC_VERSION });
    expect(Uint8Array.from(onnx.bytes)).toEqual(Uint8Array.from(cli.onnx!.bytes));
    expect(await p.textContent("[data-testid=export-status]")).toBe("saved Spiral.onnx");
    expect(await pageFits(p)).toBe(true);
    await shot(`bugs-exports-${name}`);

    // With an error in the editor, .onnx is still the checked program's, .nn the editor's text; both say so.
    await p.locator(".cm-content").click();
    await p.keyboard.press("Control+End");
    const before = Number(await p.getAttribute("body", "data-checks"));
    await p.keyboard.insertText("\nbogus");
    await p.waitForFunction((n) => Number(document.body.dataset["checks"]) > n, before);
    const stale = await downloadOf(p, "[data-testid=export-onnx]");
    expect(Uint8Array.from(stale.bytes)).toEqual(Uint8Array.from(cli.onnx!.bytes));
    expect(await p.textContent("[data-testid=export-status]")).toBe(
      "saved Spiral.onnx: of the last program that checked, not the editor's text (not checked yet, or with errors)",
    );
    const edited = await downloadOf(p, "[data-testid=export-nn]");
    const editedText = edited.bytes.toString("utf8");
    expect(editedText.endsWith("\nbogus")).toBe(true);
    expect(editedText.slice(0, -"bogus".length).trimEnd()).toBe(source.trimEnd());
    expect(await p.textContent("[data-testid=export-status]")).toContain("saved Spiral.nn: the editor's text, which has not checked");
    expect(await pageFits(p)).toBe(true);
  });
});
