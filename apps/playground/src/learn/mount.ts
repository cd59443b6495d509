/**
 * The learn views of the Train tab (digits and character models), mounted by train-panel.ts on every
 * "ready": `update` after each progress report (the views throttle their own Worker requests),
 * `reset` when a fresh model is loaded, `dispose` before the next mount.
 */
import { CharViews } from "./char-views.ts";
import type { LearnContext, LearnViews } from "./context.ts";
import { DigitsViews } from "./digits-views.ts";
import "./learn.css";

export type { LearnContext, LearnViews } from "./context.ts";

/** Appends the views for `ctx.target` to `side`; null for 2-D point sets (train-panel draws those). */
export function mountLearnViews(side: HTMLElement, ctx: LearnContext): LearnViews | null {
  switch (ctx.target.kind) {
    case "digits":
      return new DigitsViews(side, ctx);
    case "chars":
      return new CharViews(side, ctx);
    case "points":
      return null;
  }
}
