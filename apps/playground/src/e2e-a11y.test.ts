/**
 * End-to-end accessibility and phone layout (e2e-harness.ts): axe-core finds no serious or critical
 * violation on any view at desktop and phone size; the phone layout is one column that never scrolls
 * sideways; the ARIA tabs, live regions and a keyboard-only walk through the page work.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations, endOfLine, open, pick, PHONE, sharedPage, shot, stepsAtLeast, typeAndCheck, usePlayground, type AxeViolation } from "./e2e-harness.ts";

usePlayground();

// One page per size for the layout, ARIA and axe tests, in this order: the layout and ARIA tests need
// the page as opened (Graphs tab shown); the axe walks pick an example and open their tabs. The keyboard
// walk opens its own page (Tab order starts from the top of a fresh document), as do the phone flows.
const desktopPage = sharedPage();
const phonePage = sharedPage({ phone: true });

const SIZES = [
  { name: "desktop", phone: false },
  { name: "phone", phone: true },
] as const;

/**
 * axe's serious and critical violations, as one readable line each, and every displayed canvas that
 * has no accessible description (axe does not check canvases): it, or an element around it, must have
 * role=img and an aria-label, or be aria-hidden. An empty list passes.
 */
async function violations(p: Page): Promise<string[]> {
  const vs: AxeViolation[] = await axeViolations(p);
  const canvases = await p.$$eval("canvas", (cs) =>
    cs
      .filter((c) => c.getClientRects().length > 0 && c.closest("[aria-hidden=true]") === null)
      .filter((c) => {
        const img = c.closest("[role=img]");
        return img === null || (img.getAttribute("aria-label") ?? "").trim() === "";
      })
      .map((c) => c.getAttribute("data-testid") ?? c.closest("[data-testid]")?.getAttribute("data-testid") ?? c.className),
  );
  return [...vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(", ")}`), ...canvases.map((c) => `canvas without role=img and aria-label: ${c}`)];
}

async function openTab(p: Page, name: "graphs" | "code" | "train", phone: boolean): Promise<void> {
  const tab = p.locator(`.tabs [role=tab][data-tab=${name}]`);
  if (phone) await tab.tap();
  else await tab.click();
  await p.locator(`#tab-${name}:not(.hidden)`).waitFor();
}

/** On the phone the page scrolls: brings the tabs and the open panel to the top before a screenshot. */
async function shotView(p: Page, name: string, phone: boolean): Promise<void> {
  if (phone) {
    await p.evaluate(() => {
      window.scrollTo(0, document.querySelector<HTMLElement>(".right")?.offsetTop ?? 0);
    });
  }
  await shot(`${name}-${phone ? "phone" : "desktop"}`, p);
}

/** How far the page reaches past the viewport's right edge (0 when nothing scrolls sideways). */
const overflowX = (p: Page): Promise<number> => p.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - document.documentElement.clientWidth);

/** Describes the focused element: its data-testid, data-tab, data-key, class or tag. */
const focused = (p: Page): Promise<string> =>
  p.evaluate(() => {
    const e = document.activeElement;
    if (e === null) return "none";
    const attr = (n: string): string | null => e.getAttribute(n);
    return attr("data-testid") ?? (attr("data-tab") !== null ? `tab:${attr("data-tab")}` : null) ?? (attr("data-key") !== null ? `box:${attr("data-key")}` : null) ?? (e.className === "" ? e.tagName.toLowerCase() : e.className);
  });

/** The focused element's outline as `style width` ("solid 2px"): the visible focus ring of HTML controls. */
const ring = (p: Page): Promise<string> =>
  p.evaluate(() => {
    const e = document.activeElement;
    if (e === null) return "none";
    const s = getComputedStyle(e);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });

/** Presses Tab until `want(focused)` holds, at most `max` times; returns the stops passed on the way. */
async function tabTo(p: Page, want: (f: string) => boolean, max = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await p.keyboard.press("Tab");
    const f = await focused(p);
    seen.push(f);
    if (want(f)) return seen;
  }
  throw new Error(`Tab never reached the target; focus went through: ${seen.join(" → ")}`);
}

describe("layout", () => {
  it("phone: one column (editor, diagnostics, tabs), no sideways scroll on any tab, Share and every tab on screen", async () => {
    const p = phonePage();
    await pick(p, "spirals");
    const box = async (sel: string): Promise<{ x: number; y: number; width: number; height: number }> => {
      const b = await p.locator(sel).first().boundingBox();
      if (b === null) throw new Error(`${sel} is not displayed`);
      return b;
    };
    const editor = await box("[data-testid=editor]");
    const diagnostics = await box("[data-testid=diagnostics]");
    const tabs = await box("#tabs");
    // Stacked, each the full width of the page (less nothing: no min-width squeezes a pane).
    expect(editor.y).toBeLessThan(diagnostics.y);
    expect(diagnostics.y).toBeLessThan(tabs.y);
    expect(editor.width).toBeGreaterThan(PHONE.width - 2);
    expect(tabs.width).toBeGreaterThan(PHONE.width - 2);
    // spirals is longer than the editor may grow: it takes 45 % of the height (844 px) and scrolls.
    expect(editor.height).toBeGreaterThan(0.44 * PHONE.height);
    expect(editor.height).toBeLessThan(0.46 * PHONE.height);
    const share = await box("[data-testid=share]");
    expect(share.x).toBeGreaterThanOrEqual(0);
    expect(share.x + share.width).toBeLessThanOrEqual(PHONE.width);
    expect(share.height).toBeGreaterThanOrEqual(32);
    for (const name of ["graphs", "code", "train"] as const) {
      const t = await box(`.tabs [data-tab=${name}]`);
      expect(t.x + t.width).toBeLessThanOrEqual(PHONE.width);
      expect(t.height).toBeGreaterThanOrEqual(32);
      await openTab(p, name, true);
      expect(await overflowX(p)).toBeLessThanOrEqual(0);
      expect(await p.evaluate(() => window.innerWidth)).toBe(PHONE.width);
    }
  });

  it("desktop: editor and panes side by side, no sideways scroll", async () => {
    const p = desktopPage();
    const editor = (await p.locator("[data-testid=editor]").boundingBox())!;
    const tabs = (await p.locator("#tabs").boundingBox())!;
    expect(editor.x + editor.width).toBeLessThanOrEqual(tabs.x + 1);
    expect(tabs.y).toBeLessThan(editor.y + editor.height);
    expect(tabs.width).toBeGreaterThan(600);
    expect(await overflowX(p)).toBeLessThanOrEqual(0);
    // The page itself does not scroll: editor and panes fill the window.
    expect(await p.evaluate(() => document.scrollingElement?.scrollHeight)).toBeLessThanOrEqual(800);
  });
});

describe("ARIA", () => {
  it("has one h1, ARIA tabs with a roving tabindex and arrow/Home/End keys, and live regions", async () => {
    const p = desktopPage();
    expect(await p.locator("h1").allTextContents()).toEqual(["nnc playground"]);
    expect(await p.getAttribute("#tabs", "role")).toBe("tablist");
    const state = (): Promise<{ tab: string; selected: string; tabindex: string; controls: string; panelHidden: boolean }[]> =>
      p.$$eval("#tabs [role=tab]", (ts) =>
        ts.map((t) => ({
          tab: t.getAttribute("data-tab") ?? "",
          selected: t.getAttribute("aria-selected") ?? "",
          tabindex: t.getAttribute("tabindex") ?? "",
          controls: t.getAttribute("aria-controls") ?? "",
          panelHidden: document.getElementById(t.getAttribute("aria-controls") ?? "")?.classList.contains("hidden") ?? true,
        })),
      );
    const only = (name: string) =>
      ["graphs", "code", "train"].map((t) => ({ tab: t, selected: String(t === name), tabindex: t === name ? "0" : "-1", controls: `tab-${t}`, panelHidden: t !== name }));
    expect(await state()).toEqual(only("graphs"));
    expect(await p.getAttribute("#tab-code", "role")).toBe("tabpanel");
    expect(await p.getAttribute("#tab-code", "aria-labelledby")).toBe("tab-button-code");

    await p.focus("#tabs [data-tab=graphs]");
    await p.keyboard.press("ArrowRight");
    expect(await state()).toEqual(only("code"));
    expect(await focused(p)).toBe("tab:code");
    await p.keyboard.press("ArrowRight");
    expect(await state()).toEqual(only("train"));
    await p.keyboard.press("ArrowRight");
    expect(await state()).toEqual(only("graphs"));
    await p.keyboard.press("ArrowLeft");
    expect(await state()).toEqual(only("train"));
    await p.keyboard.press("Home");
    expect(await state()).toEqual(only("graphs"));
    await p.keyboard.press("End");
    expect(await state()).toEqual(only("train"));
    expect(await focused(p)).toBe("tab:train");

    // Live regions: the status line and the diagnostics count (which follows the list).
    expect(await p.getAttribute("#status", "role")).toBe("status");
    expect(await p.getAttribute("#diagnostics-count", "role")).toBe("status");
    await pick(p, "matvec");
    expect(await p.textContent("#diagnostics-count")).toBe("No problems");
    await endOfLine(p, 3);
    await typeAndCheck(p, " +");
    await p.waitForFunction(() => document.querySelector("#diagnostics-count")?.textContent === "1 error");
    expect(await p.locator("[data-testid=diagnostic]").count()).toBe(1);
    // The training messages are a live region too (the train panel's element).
    expect(await p.getAttribute("[data-testid=train-message]", "role")).toBe("status");
  });
});

describe("axe: zero serious or critical violations", () => {
  for (const size of SIZES) {
    // Five whole-page axe runs and two training steps: 29–41 s at load 14–23.
    it(`every view at ${size.name} size`, async () => {
      const p = size.phone ? phonePage() : desktopPage();
      const found: Record<string, string[]> = {};
      await pick(p, "matvec");
      await openTab(p, "graphs", size.phone);
      // Graphs with a selected box and its Jacobian detail.
      await p.locator("[data-testid=forward-graph] .box[data-key='f:b']").click();
      await p.locator("[data-testid=jacobian-W]").waitFor();
      found["graphs"] = await violations(p);
      await shotView(p, "a11y-graphs", size.phone);

      await openTab(p, "code", size.phone);
      await p.locator("[data-testid=code]").waitFor();
      found["code"] = await violations(p);
      await shotView(p, "a11y-code", size.phone);

      await pick(p, "spirals");
      await openTab(p, "train", size.phone);
      await p.click("[data-testid=train-step]");
      await stepsAtLeast(p, 1, 200);
      found["train-2d"] = await violations(p);
      await shotView(p, "a11y-train-2d", size.phone);

      await pick(p, "mnist-mlp");
      await p.click("[data-testid=train-step]");
      await stepsAtLeast(p, 1, 200);
      found["train-digits"] = await violations(p);
      await shotView(p, "a11y-train-digits", size.phone);

      // The diagnostics view: a program with an error (graphs dimmed, the message listed).
      await pick(p, "matvec");
      await openTab(p, "graphs", size.phone);
      await endOfLine(p, 3);
      await typeAndCheck(p, " +");
      await p.locator("[data-testid=diagnostic]").first().waitFor();
      found["diagnostics"] = await violations(p);
      // The diagnostics sit under the editor: the top of the page.
      await p.evaluate(() => {
        window.scrollTo(0, 0);
      });
      await shot(`a11y-diagnostics-${size.name}`, p);

      expect(found).toEqual({ graphs: [], code: [], "train-2d": [], "train-digits": [], diagnostics: [] });
    });
  }
});

describe("keyboard only", () => {
  it("Tab reaches the picker, the editor (and leaves it), the tabs (arrows switch), the graph boxes (Enter selects) and the train buttons", async () => {
    const p = await open();
    await pick(p, "matvec");
    await p.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await tabTo(p, (f) => f === "example");
    expect(await ring(p)).toBe("solid 2px");
    await tabTo(p, (f) => f.includes("cm-content"));
    // Tab out of the editor (Escape first, CodeMirror's convention) without changing the text.
    const before = await p.evaluate(() => [...document.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"));
    await p.keyboard.press("Escape");
    await tabTo(p, (f) => f.startsWith("tab:"));
    expect(await p.evaluate(() => [...document.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"))).toBe(before);
    expect(await focused(p)).toBe("tab:graphs");
    expect(await ring(p)).toBe("solid 2px");
    await p.keyboard.press("ArrowRight");
    expect(await focused(p)).toBe("tab:code");
    expect(await p.isVisible("#tab-code")).toBe(true);
    await p.keyboard.press("ArrowLeft");
    expect(await p.isVisible("#tab-graphs")).toBe(true);
    // Into the forward graph: a box takes focus; arrows move between boxes; Enter selects b.
    await tabTo(p, (f) => f.startsWith("box:f:"));
    for (let i = 0; i < 12 && (await focused(p)) !== "box:f:b"; i++) await p.keyboard.press("ArrowDown");
    expect(await focused(p)).toBe("box:f:b");
    await p.keyboard.press("Enter");
    await p.locator("[data-testid=jacobian-W]").waitFor();
    expect(await p.textContent("[data-testid=detail]")).toContain("∂b_i/∂W_jk");

    // The Train tab's buttons, by keyboard from the tab list.
    await p.focus("#tabs [data-tab=graphs]");
    await p.keyboard.press("End");
    expect(await p.isVisible("#tab-train")).toBe(true);
    await pick(p, "spirals");
    await p.focus("#tabs [data-tab=train]");
    await tabTo(p, (f) => f === "train-run");
    expect(await ring(p)).toBe("solid 2px");
    await tabTo(p, (f) => f === "train-step");
    await p.keyboard.press("Enter");
    await stepsAtLeast(p, 1, 200);
  });
});

describe("phone flows, by tapping", () => {
  it("picks an example, opens each tab, selects a box and trains", async () => {
    // Its own page: on the phone page the axe walk had used, Start once never got to step 20 in 120 s (load 24).
    const p = await open(undefined, { phone: true });
    await pick(p, "spirals");
    await openTab(p, "code", true);
    expect(await p.textContent("[data-testid=code]")).toContain("class Spiral implements CompiledModel");
    await openTab(p, "graphs", true);
    await p.locator("[data-testid=forward-graph] .box[data-key='f:h1']").tap();
    // The detail is the analysis Worker's answer to the selection (detail-data.ts): wait for it.
    await p.waitForFunction(() => document.querySelector("[data-testid=detail]")?.textContent.includes("h1") === true);
    await openTab(p, "train", true);
    await p.locator("[data-testid=train-run]").tap();
    await stepsAtLeast(p, 20, 200);
    await p.locator("[data-testid=train-run]").tap();
    // Pausing is acknowledged by the Worker: the button says Start once it has stopped.
    await p.waitForFunction(() => document.querySelector("[data-testid=train-run]")?.textContent === "Start");
    expect(await overflowX(p)).toBeLessThanOrEqual(0);
    await shotView(p, "a11y-train-flow", true);
  });
});
