/**
 * The Graphs tab: the forward and backward graphs of the last program that checked, the selection
 * (a box, its span in the editor, its detail pane) and hover ties between the two graphs.
 */
import type { Analysis } from "./analyze.ts";
import { renderDetail } from "./detail.ts";
import type { Editor } from "./editor.ts";
import { backwardDrawing, forwardDrawing, type Box } from "./graph-model.ts";
import { markTie, renderGraph } from "./graph-svg.ts";

const $ = (id: string): HTMLElement => document.getElementById(id)!;

function ties(a: Analysis): Map<string, number> {
  return new Map((a.forward?.nodes ?? []).map((n, i) => [n.id, i]));
}

export class GraphsPanel {
  private shown: Analysis | null = null;
  private selected: Box | null = null;

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
    for (const e of document.querySelectorAll(".box.selected")) e.classList.remove("selected");
    if (box !== null) document.querySelector(`.box[data-key="${CSS.escape(box.key)}"]`)?.classList.add("selected");
    markTie(document, box?.tie ?? null, "tied");
    const node = box === null ? undefined : a.grad?.graph.nodes.find((n) => n.id === box.ids[box.ids.length - 1]);
    const span = node?.span;
    // Only spans in the editor's file: a node inlined from a standard-library block has its span in `nnc:std/*.nn`.
    this.editor.highlight(span === undefined || span.file !== a.source.name ? null : { from: span.start, to: span.end });
    renderDetail($("detail"), a, box, this.seedOf(a));
  }

  show(a: Analysis): void {
    $("tab-graphs").classList.toggle("stale", !a.ok);
    if (!a.ok || a.forward === undefined || a.grad === undefined) return;
    this.shown = a;
    const colours = ties(a);
    const handlers = {
      onSelect: (box: Box | null) => {
        this.select(box);
      },
      onHover: (tie: string | null) => {
        markTie(document, tie, "hover");
      },
    };
    renderGraph($("forward-graph"), forwardDrawing(a.forward), colours, handlers);
    renderGraph($("backward-graph"), backwardDrawing(a.grad), colours, handlers);
    const keep = this.selected === null ? null : [...forwardDrawing(a.forward).boxes, ...backwardDrawing(a.grad).boxes].find((b) => b.key === this.selected?.key);
    this.select(keep ?? null);
  }
}
