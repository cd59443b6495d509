/**
 * The right pane's tabs (Graphs, Code, Train): which one shows, and telling the page when it changes.
 * ARIA tabs (WAI-ARIA Authoring Practices, automatic activation): the tablist holds buttons with
 * role=tab, exactly one has aria-selected=true and tabindex=0 (roving tabindex), the others -1, so Tab
 * enters the list at the selected tab and leaves it; Left/Right move to the previous/next tab (wrapping),
 * Home/End to the first/last, and a tab shows its panel as soon as it has focus.
 */

export const TABS = ["graphs", "code", "train"] as const;
export type TabName = (typeof TABS)[number];

const isTab = (s: string | undefined): s is TabName => TABS.some((t) => t === s);

/** The tab a key moves to from tab `i` of `n`, or null for keys the tablist does not handle. */
export function tabAfterKey(key: string, i: number, n: number): number | null {
  switch (key) {
    case "ArrowRight":
      return (i + 1) % n;
    case "ArrowLeft":
      return (i - 1 + n) % n;
    case "Home":
      return 0;
    case "End":
      return n - 1;
    default:
      return null;
  }
}

export class Tabs {
  private current: TabName = "graphs";

  constructor(
    private readonly nav: HTMLElement,
    private readonly onShow: (name: TabName) => void,
  ) {
    nav.setAttribute("role", "tablist");
    for (const b of this.buttons()) {
      const name = b.dataset["tab"];
      b.setAttribute("role", "tab");
      if (isTab(name)) b.setAttribute("aria-controls", `tab-${name}`);
      b.addEventListener("click", () => {
        if (isTab(name)) this.show(name);
      });
    }
    nav.addEventListener("keydown", (e) => {
      const buttons = this.buttons();
      const at = buttons.findIndex((b) => b === document.activeElement);
      const next = at < 0 ? null : tabAfterKey(e.key, at, buttons.length);
      if (next === null) return;
      e.preventDefault();
      const target = buttons[next]!;
      const name = target.dataset["tab"];
      if (isTab(name)) this.show(name);
      target.focus();
    });
    this.mark();
  }

  get active(): TabName {
    return this.current;
  }

  show(name: TabName): void {
    this.current = name;
    this.mark();
    this.onShow(name);
  }

  private buttons(): HTMLButtonElement[] {
    return [...this.nav.querySelectorAll<HTMLButtonElement>("button[data-tab]")];
  }

  private mark(): void {
    for (const b of this.buttons()) {
      const on = b.dataset["tab"] === this.current;
      b.classList.toggle("active", on);
      b.setAttribute("aria-selected", String(on));
      b.tabIndex = on ? 0 : -1;
    }
    for (const t of TABS) document.getElementById(`tab-${t}`)?.classList.toggle("hidden", t !== this.current);
  }
}
