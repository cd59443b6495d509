/**
 * The character-model views of the Train tab: names sampled from the model as it trains (the Worker
 * runs the runtime's own sampler; seeded, with a temperature), and for a transformer the attention
 * maps of every layer and head for one name.
 */
import { h } from "../dom.ts";
import { NAMES_FILE, namesHeader } from "./names-format.ts";
import { AttentionView } from "./attention-view.ts";
import { inspectedValues } from "./inspect-types.ts";
import { attentionNodes } from "./model-nodes.ts";
import type { LearnContext, LearnViews } from "./context.ts";
import { Throttle } from "./throttle.ts";

const SAMPLES = 8;
const REFRESH_MS = 1000;

/** The ids names() gives a name: 0 (the boundary), then vocab index + 1 per character; null for a character outside the vocabulary. */
export function frameName(word: string, vocab: readonly string[], T: number): { ids: Int32Array; chars: string[] } | { unknown: string } {
  const chars = [""];
  const ids = new Int32Array(T);
  for (const c of Array.from(word)) {
    const i = vocab.indexOf(c);
    if (i < 0) return { unknown: c };
    if (chars.length >= T) break;
    ids[chars.length] = i + 1;
    chars.push(c);
  }
  return { ids, chars };
}

let vocabulary: Promise<readonly string[]> | null = null;

/** The names asset's vocabulary, from its header only (the browser's cache serves the file the Worker fetched); a failed fetch is retried next time. */
function namesVocab(): Promise<readonly string[]> {
  const got = (vocabulary ??= fetch(new URL(NAMES_FILE, document.baseURI).href)
    .then((r) => {
      if (!r.ok) throw new Error(`could not load ${NAMES_FILE} (${r.status})`);
      return r.arrayBuffer();
    })
    .then((b) => namesHeader(b).header.vocab));
  got.catch(() => {
    if (vocabulary === got) vocabulary = null;
  });
  return got;
}

export class CharViews implements LearnViews {
  private readonly section: HTMLElement;
  private readonly message = h("p", { class: "learn-note", role: "status" });
  private readonly samples = h("ol", { class: "samples", "data-testid": "samples", "aria-label": "names sampled from the model" });
  /** Speaks the new samples once after the user changed temperature or seed; training refreshes stay silent. */
  private readonly announce = h("p", { class: "visually-hidden", "aria-live": "polite", "data-testid": "samples-announce" });
  private userAsked = false;
  private readonly temperature = h("input", { type: "range", min: "0", max: "2", step: "0.1", value: "0.8", id: "learn-temperature", "data-testid": "temperature" });
  private readonly tempText = h("output", { for: "learn-temperature" }, "0.8");
  private readonly seed = h("input", { type: "number", min: "0", max: "999999", step: "1", value: "1", id: "learn-seed", "data-testid": "sample-seed", class: "seed" });
  private readonly word = h("input", { type: "text", value: "maria", id: "learn-word", "data-testid": "attention-word", maxlength: "15", autocomplete: "off", spellcheck: "false" });
  private readonly attention = new AttentionView();
  private readonly maps: { id: string; heads: number; T: number }[];
  private readonly sampleThrottle: Throttle;
  private readonly attentionThrottle: Throttle;

  constructor(
    side: HTMLElement,
    private readonly ctx: LearnContext,
  ) {
    this.maps = ctx.analysis.model === undefined ? [] : attentionNodes(ctx.analysis.model);
    const attentionBlock =
      this.maps.length === 0
        ? null
        : h(
            "section",
            { class: "learn-block" },
            h("h3", {}, "Attention per head"),
            h("p", { class: "learn-note" }, h("label", { for: "learn-word" }, "Name to read: "), this.word),
            this.attention.root,
          );
    this.section = h(
      "section",
      { class: "learn", "data-testid": "learn", "aria-label": "what the model learned" },
      h("h2", {}, "Watch it learn"),
      this.message,
      h(
        "section",
        { class: "learn-block" },
        h("h3", {}, "Sampled names"),
        h("p", { class: "learn-note sample-controls" }, h("label", { for: "learn-temperature" }, "temperature "), this.temperature, this.tempText, h("label", { for: "learn-seed" }, " seed "), this.seed),
        this.samples,
        this.announce,
        h("p", { class: "learn-note" }, "Drawn one character at a time from the model's softmax at this temperature (0 = always the likeliest), with the seed's random stream, as `nnc sample` draws them."),
      ),
      attentionBlock,
    );
    side.append(this.section);
    this.sampleThrottle = new Throttle(() => this.refreshSamples(), REFRESH_MS);
    this.attentionThrottle = new Throttle(() => this.refreshAttention(), REFRESH_MS);
    this.temperature.addEventListener("input", () => {
      this.tempText.textContent = this.temperature.value;
      this.userAsked = true;
      this.sampleThrottle.request();
    });
    this.seed.addEventListener("change", () => {
      this.userAsked = true;
      this.sampleThrottle.request();
    });
    this.word.addEventListener("input", () => {
      this.attentionThrottle.request();
    });
    this.reset();
  }

  update(): void {
    this.sampleThrottle.request();
    if (this.maps.length > 0) this.attentionThrottle.request();
  }

  reset(): void {
    this.samples.replaceChildren();
    this.attention.reset();
    this.message.textContent = "";
    this.update();
  }

  dispose(): void {
    this.sampleThrottle.dispose();
    this.attentionThrottle.dispose();
    this.section.remove();
  }

  private fail(e: unknown): void {
    this.message.textContent = `could not read the model: ${e instanceof Error ? e.message : String(e)}`;
  }

  private async refreshSamples(): Promise<void> {
    const temperature = Number(this.temperature.value);
    const seed = Math.max(0, Math.floor(Number(this.seed.value) || 0));
    const r = await this.ctx.sample({ count: SAMPLES, temperature, seed });
    if ("error" in r) {
      this.fail(new Error(r.error));
      return;
    }
    this.samples.dataset["step"] = String(r.step);
    const texts = r.texts.map((t) => (t === "" ? "(empty)" : t));
    this.samples.replaceChildren(...texts.map((t) => h("li", {}, t)));
    if (this.userAsked) {
      this.userAsked = false;
      this.announce.textContent = `sampled at temperature ${temperature}, seed ${seed}: ${texts.join(", ")}`;
    }
  }

  private async refreshAttention(): Promise<void> {
    try {
      const vocab = await namesVocab();
      const T = this.ctx.target.width;
      const framed = frameName(this.word.value.trim().toLowerCase(), vocab, T);
      if ("unknown" in framed) {
        this.message.textContent = `“${framed.unknown}” is not in the names' alphabet (${vocab.join("")})`;
        return;
      }
      const r = inspectedValues(await this.ctx.inspect({ rows: { kind: "inputs", count: 1, inputs: { [this.ctx.target.bind.input]: framed.ids } }, nodes: this.maps.map((m) => m.id), params: [] }));
      this.message.textContent = "";
      this.attention.show(framed.chars, this.maps, r.values, this.word.value.trim().toLowerCase());
    } catch (e) {
      this.fail(e);
    }
  }
}
