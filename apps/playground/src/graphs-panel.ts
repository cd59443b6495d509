/**
 * The Graphs tab: the forward and backward graphs of the last program that checked, the selection
 * (a box, its span in the editor, its detail pane) and hover ties between the two graphs. The
 * drawings come laid out (by the analysis Worker), and the detail of a selected box is asked of it
 * too: the page holds no graph, only what it draws.
 */
import type { GraphLayout } from "@nnc/graph-view";
import type { Drawings, PageAnalysis } from "./analysis-protocol.ts";
import type { DetailData } from "./detail-data.ts";
import { renderDetail } from "./detail.ts";
import type { Editor } from "./editor.ts";
import type { Box } from "./graph-model.ts";
import { markTie, renderGraph } from "./graph-svg.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

/** The detail of `box` in `a`'s graphs (main.ts: asked of the analysis Worker). */
export type DetailSource = (a: PageAnalysis, box: Box, seed: number) => Promise<DetailData>;

export class GraphsPanel {
  private shown: PageAnalysis | null = null;
  private selected: Box | null = null;
  /** Counts selections: only the newest one's detail is shown (an older answer is dropped). */
  private selections = 0;
  private layouts: readonly GraphLayout[] = [];
  /** Asks for the drawings again with the grouped box `key` drawn box for box (main.ts: the analysis client). */
  onExpand: ((key: string) => void) | null = null;

  constructor(
    private readonly editor: Editor,
    private readonly seedOf: (a: PageAnalysis) => number,
    private readonly detailOf: DetailSource,
  ) {}

  /** The analysis the graphs show (the last one that checked), or null before any did. */
  get analysis(): PageAnalysis | null {
    return this.shown;
  }

  /** Forgets the selection (a new example). */
  clearSelection(): void {
    this.selected = null;
  }

  select(box: Box | null): void {
    this.selected = box;
    const a = this.shown;
    if (a === null) return;
    for (const e of document.querySelectorAll(".box.selected")) {
      e.classList.remove("selected");
      e.setAttribute("aria-pressed", "false");
    }
    if (box !== null) {
      const e = document.querySelector(`.box[data-key="${CSS.escape(box.key)}"]`);
      e?.classList.add("selected");
      e?.setAttribute("aria-pressed", "true");
    }
    markTie(document, box?.tie ?? null, "tied");
    const mine = ++this.selections;
    const detail = $("detail");
    if (box === null) {
      this.editor.highlight(null);
      renderDetail(detail, null);
      return;
    }
    detail.setAttribute("aria-busy", "true");
    void this.detailOf(a, box, this.seedOf(a)).then((d) => {
      // A newer selection (or a newer program's graphs) has replaced this one: its answer is dropped.
      if (mine !== this.selections) return;
      detail.removeAttribute("aria-busy");
      this.editor.highlight(d?.highlight ?? null);
      renderDetail(detail, d);
    });
  }

  /**
   * Draws `a`'s graphs as the Worker laid them out. With no drawings (the Worker could not lay them
   * out) the old graphs stay, dimmed: the page never lays out a graph itself, since an ungrouped
   * graph can take dagre tens of seconds.
   */
  show(a: PageAnalysis, drawings: Drawings | null): void {
    $("tab-graphs").classList.toggle("stale", !a.ok || drawings === null);
    if (!a.ok || drawings === null || !a.differentiated) return;
    this.shown = a;
    const colours = new Map(drawings.ties);
    const handlers = {
      onSelect: (box: Box) => {
        if (box.group?.expandable === true && this.onExpand !== null) this.onExpand(box.key);
        else this.select(box);
      },
      onHover: (tie: string | null) => {
        markTie(document, tie, "hover");
      },
    };
    const { forward, backward } = drawings;
    this.layouts = [forward, backward];
    renderGraph($("forward-graph"), forward, colours, handlers, "forward graph");
    renderGraph($("backward-graph"), backward, colours, handlers, "backward graph");
    const key = this.selected?.key;
    const keep = key === undefined ? undefined : this.layouts.flatMap((l) => l.boxes).find((p) => p.box.key === key)?.box;
    this.select(keep ?? null);
  }
}
