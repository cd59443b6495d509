/**
 * The early check's request (early-check.ts), carried in the analysis Worker's `name` rather than
 * posted as a message. Chromium holds a message posted to a Worker that is still loading and hands it
 * over from the PAGE's thread once the Worker has evaluated its module: a ready Worker waited there
 * for the page to finish what it was running — evaluating its main chunk (0.1–0.5 s for a share
 * link). A Worker's name is its own from the start: the Worker reads the request as its module is
 * evaluated (analysis-worker.ts) and starts at once. The name is data, parsed and checked field by
 * field, never run.
 */
import type { AnalyzeMessage } from "./analysis-protocol.ts";

/** The name of a Worker carrying a request starts with this; other Workers' names (`""`) never do. */
const PREFIX = "nnc-analyze:";

/** The Worker name carrying request `m`. */
export const earlyName = (m: AnalyzeMessage): string => PREFIX + JSON.stringify(m);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** The request carried by Worker name `name`; null when it carries none (or not a well-formed one). */
export function earlyRequest(name: string): AnalyzeMessage | null {
  if (!name.startsWith(PREFIX)) return null;
  let v: unknown;
  try {
    v = JSON.parse(name.slice(PREFIX.length));
  } catch {
    return null;
  }
  if (!isRecord(v) || v["type"] !== "analyze" || typeof v["id"] !== "number" || typeof v["fileName"] !== "string" || typeof v["text"] !== "string") return null;
  const expanded = v["expanded"];
  if (!Array.isArray(expanded) || !expanded.every((k): k is string => typeof k === "string")) return null;
  return { type: "analyze", id: v["id"], fileName: v["fileName"], text: v["text"], expanded };
}
