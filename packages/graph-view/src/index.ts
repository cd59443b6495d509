/** Placeholder: the graph-view helper replaces this (see packages/graph-view/package.json). */
export const GRAPH_VIEW_PLACEHOLDER = true;
