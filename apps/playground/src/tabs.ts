/** The right pane's tabs (Graphs, Code, Train): which one shows, and telling the page when it changes. */

export const TABS = ["graphs", "code", "train"] as const;
export type TabName = (typeof TABS)[number];

const isTab = (s: string | undefined): s is TabName => TABS.some((t) => t === s);

export class Tabs {
  private current: TabName = "graphs";

  constructor(
    private readonly nav: HTMLElement,
    private readonly onShow: (name: TabName) => void,
  ) {
    for (const b of nav.querySelectorAll<HTMLButtonElement>("button[data-tab]")) {
      b.addEventListener("click", () => {
        const name = b.dataset["tab"];
        if (isTab(name)) this.show(name);
      });
    }
  }

  get active(): TabName {
    return this.current;
  }

  show(name: TabName): void {
    this.current = name;
    for (const b of this.nav.querySelectorAll<HTMLButtonElement>("button[data-tab]")) b.classList.toggle("active", b.dataset["tab"] === name);
    for (const t of TABS) document.getElementById(`tab-${t}`)?.classList.toggle("hidden", t !== name);
    this.onShow(name);
  }
}
