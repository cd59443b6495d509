/**
 * The share link's encoding alone (`#s=<lz-string of JSON {v, src, ex, set}>`), without the checks of
 * share.ts, so the page's first script (boot.ts) and the benchmark can read and write links without
 * loading the settings tables. share.ts validates every field; this reads only the program text.
 */
// The default import: lz-string is CommonJS, and Node (the benchmark) gives it no named exports.
import lz from "lz-string";

export const SHARE_PREFIX = "#s=";

/** A link's fields as they are stored (share.ts's Shared, before validation). */
export interface StoredShare {
  readonly source: string;
  readonly example?: string;
  readonly settings: object;
}

export function encodeShare(s: StoredShare): string {
  return SHARE_PREFIX + lz.compressToEncodedURIComponent(JSON.stringify({ v: 1, src: s.source, ex: s.example, set: s.settings }));
}

/** The JSON text of a link's hash; null when the hash is no share link or cannot be decompressed. */
export function shareJson(hash: string): string | null {
  if (!hash.startsWith(SHARE_PREFIX)) return null;
  // lz-string gives "" or null for text it cannot read (a link cut short loses its end).
  const json = lz.decompressFromEncodedURIComponent(hash.slice(SHARE_PREFIX.length)) as string | null;
  return json === null || json === "" ? null : json;
}

/** The program text and example id a link holds (unvalidated: null when it holds no text). */
export function sharedProgram(hash: string): { readonly source: string; readonly example: unknown } | null {
  const json = shareJson(hash);
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null) return null;
    const rec = parsed as Record<string, unknown>;
    const src = rec["src"];
    return typeof src === "string" ? { source: src, example: rec["ex"] } : null;
  } catch {
    return null;
  }
}
