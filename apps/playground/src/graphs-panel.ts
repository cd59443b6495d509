/**
 * The Graphs tab: the forward and backward graphs of the last program that checked, the selection
 * (a box, its span in the editor, its detail pane) and hover ties between the two graphs. The
 * drawings come laid out (by the analysis Worker); without them the page lays them out itself.
 */
import type { GraphLayout } from "@nnc/graph-view";
import type { Analysis } from "./analyze.ts";
import type { Drawings } from "./analysis-protocol.ts";
import { renderDetail } from "./detail.ts";
import type { Editor } from "./editor.ts";
import type { Box } from "./graph-model.ts";
import { markTie, renderGraph } from "./graph-svg.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

function ties(a: Analysis): Map<string, number> {
  return new Map((a.forward?.nodes ?? []).map((n, i) => [n.id, i]));
}

export class GraphsPanel {
  private shown: Analysis | null = null;
  private selected: Box | null = null;
  private layouts: readonly GraphLayout[] = [];
  /** Asks for the drawings again with the grouped box `key` drawn box for box (main.ts: the analysis client). */
  onExpand: ((key: string) => void) | null = null;

  constructor(
    private readonly editor: Editor,
    private readonly seedOf: (a: Analysis) => number,
  ) {}

  /** The analysis the graphs show (the last one that checked), or null before any did. */
  get analysis(): Analysis | null {
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
    const node = box === null ? undefined : a.grad?.graph.nodes.find((n) => n.id === box.ids[box.ids.length - 1]);
    const span = node?.span;
    // Only spans in the editor's file: a node inlined from a standard-library block has its span in `nnc:std/*.nn`.
    this.editor.highlight(span === undefined || span.file !== a.source.name ? null : { from: span.start, to: span.end });
    renderDetail($("detail"), a, box, this.seedOf(a));
  }

  /**
   * Draws `a`'s graphs as the Worker laid them out. With no drawings (the Worker could not lay them
   * out) the old graphs stay, dimmed: the page never lays out a graph itself, since an ungrouped
   * graph can take dagre tens of seconds.
   */
  show(a: Analysis, drawings: Drawings | null): void {
    $("tab-graphs").classList.toggle("stale", !a.ok || drawings === null);
    if (!a.ok || drawings === null || a.forward === undefined || a.grad === undefined) return;
    this.shown = a;
    const colours = ties(a);
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
