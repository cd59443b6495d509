/**
 * Share links: the source and the training settings, compressed into the URL hash
 * (`#s=<lz-string>`). Decoding validates every field; nothing in a link is ever executed: the source
 * goes to the compiler, the settings to typed controls. A damaged link is never silently replaced:
 * readShare says what was wrong and keeps whatever could be recovered.
 */
import { h } from "./dom.ts";
import { exampleById } from "./examples.ts";
import { parseSettings, type TrainSettings } from "./settings.ts";
import { encodeShare as encodeStored, SHARE_PREFIX, shareJson } from "./share-link.ts";
import "./share.css";

export interface Shared {
  readonly source: string;
  readonly example?: string;
  readonly settings: Partial<TrainSettings>;
}

/** What a URL hash holds: no share link, a whole one, or a damaged one with what could be recovered. */
export type ShareRead =
  | { readonly kind: "none" }
  | { readonly kind: "ok"; readonly shared: Shared }
  | { readonly kind: "damaged"; readonly reason: string; readonly shared: Shared | null };

export function encodeShare(s: Shared): string {
  return encodeStored(s);
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The settings keys of a link that parseSettings dropped (unknown names or values out of range). */
function droppedSettings(set: unknown, kept: Partial<TrainSettings>): string[] {
  if (set === undefined) return [];
  if (typeof set !== "object" || set === null || Array.isArray(set)) return ["all settings"];
  return Object.keys(set).filter((k) => !Object.hasOwn(kept, k));
}

export function readShare(hash: string): ShareRead {
  if (!hash.startsWith(SHARE_PREFIX)) return { kind: "none" };
  const damaged = (reason: string, shared: Shared | null = null): ShareRead => ({ kind: "damaged", reason, shared });
  const json = shareJson(hash);
  if (json === null) return damaged("its compressed text cannot be read (was it cut short when copied?). The example below is not what the link held.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return damaged("its contents are not a saved program. The example below is not what the link held.");
  }
  if (typeof parsed !== "object" || parsed === null) return damaged("its contents are not a saved program. The example below is not what the link held.");
  const rec = parsed as Record<string, unknown>;
  const src = rec["src"];
  if (typeof src !== "string") return damaged("it holds no program text. The example below is not what the link held.");
  const problems: string[] = [];
  const ex = rec["ex"];
  const example = typeof ex === "string" && exampleById(ex) !== undefined ? ex : undefined;
  if (ex !== undefined && example === undefined) problems.push(`it names an unknown example (${JSON.stringify(ex).slice(0, 40)}), so the picker shows your program`);
  const settings = parseSettings(rec["set"]);
  const dropped = droppedSettings(rec["set"], settings);
  if (dropped.length > 0) problems.push(`${plural(dropped.length, "the setting", "the settings")} ${dropped.map((k) => k.slice(0, 20)).join(", ")} ${plural(dropped.length, "was", "were")} not valid and ${plural(dropped.length, "is", "are")} back at the program's default`);
  const shared: Shared = { source: src, ...(example === undefined ? {} : { example }), settings };
  return problems.length === 0 ? { kind: "ok", shared } : damaged(`${problems.join("; ")}. The program itself is as shared.`, shared);
}

/** The shared state in `hash`, or null when the hash holds none (or one too damaged to recover anything). */
export function decodeShare(hash: string): Shared | null {
  const r = readShare(hash);
  return r.kind === "none" ? null : r.shared;
}

/** A dismissable banner: "This link is damaged: <reason>". Removes itself when dismissed. */
export function shareNotice(reason: string): HTMLElement {
  const dismiss = h("button", { type: "button", class: "dismiss", "data-testid": "share-notice-dismiss", "aria-label": "Dismiss the message about the damaged link" }, "Dismiss");
  const box = h("div", { class: "share-notice", role: "alert", "data-testid": "share-notice" }, h("p", {}, h("strong", {}, "This link is damaged: "), reason), dismiss);
  dismiss.addEventListener("click", () => {
    box.remove();
  });
  return box;
}
