/**
 * Share links: the source and the training settings, compressed into the URL hash
 * (`#s=<lz-string>`). Decoding validates every field; nothing in a link is ever executed: the source
 * goes to the compiler, the settings to typed controls.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";
import { parseSettings, type TrainSettings } from "./settings.ts";

export interface Shared {
  readonly source: string;
  readonly example?: string;
  readonly settings: Partial<TrainSettings>;
}

const PREFIX = "#s=";

export function encodeShare(s: Shared): string {
  return PREFIX + compressToEncodedURIComponent(JSON.stringify({ v: 1, src: s.source, ex: s.example, set: s.settings }));
}

/** The shared state in `hash`, or null when the hash holds none (or a damaged one). */
export function decodeShare(hash: string): Shared | null {
  if (!hash.startsWith(PREFIX)) return null;
  const json = decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
  if (json === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const rec = parsed as Record<string, unknown>;
  if (typeof rec["src"] !== "string") return null;
  const ex = rec["ex"];
  return { source: rec["src"], ...(typeof ex === "string" ? { example: ex } : {}), settings: parseSettings(rec["set"]) };
}
