/** The drawn graphs' boxes and edges (model.ts builds them, steps.ts merges steps, layout.ts places them, svg.ts and dot.ts write them). */
export type BoxKind = "input" | "param" | "const" | "op" | "loss" | "backward" | "gradient" | "ghost" | "group";

export interface Box {
  readonly key: string;
  /** First line: the value's name (or op for unnamed values). */
  readonly title: string;
  /** Second line: op (or rule) and type. */
  readonly detail: string;
  readonly kind: BoxKind;
  /** The forward node this box is (forward graph) or differentiates (backward graph). */
  readonly tie: string;
  /** The IR node ids the box stands for, in graph order; the last one is the value it shows. */
  readonly ids: readonly string[];
  /** Present on a box that stands for several boxes of a large drawing (kind "group", bound.ts). */
  readonly group?: GroupInfo;
}

export interface GroupInfo {
  readonly count: number;
  /** The keys of the boxes it stands for, in graph order. */
  readonly members: readonly string[];
  /** Whether drawing its members box for box keeps the drawing within the box limit. */
  readonly expandable: boolean;
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  /** A forward value read by a backward rule (drawn dashed). */
  readonly dashed: boolean;
}

export interface DrawnGraph {
  readonly boxes: readonly Box[];
  readonly edges: readonly Edge[];
}
