/**
 * The Train tab's settings form: the data (a point set of the runtime core or the digits, its size,
 * noise and test split), the optimizer, schedule and clipping (controls generated from the tables of
 * @nnc/ops), batch, epochs and seed. Every change gives the whole new settings to `onChange`.
 */
import { CLIPS, OPTIMIZERS, SCHEDULES } from "@nnc/compiler/settings";
import type { ClipKind, OptimizerKind, ScheduleKind } from "@nnc/runtime/core";
import type { Trainable } from "./binding.ts";
import { h } from "./dom.ts";
import { checkRange, SettingControl } from "./setting-controls.ts";
import { NAMES } from "./page-data.ts";
import { classesOf, DIGITS, FIELD_RANGES, isPointSet, parseSettings, POINT_SETS, withData, type TrainSettings } from "./settings.ts";

type Plain = "data" | "n" | "noise" | "testFraction" | "batch" | "epochs" | "seed";
type Field = HTMLInputElement | HTMLSelectElement;

export class TrainControls {
  readonly root: HTMLElement;
  private readonly fields = new Map<Plain, Field>();
  private readonly decayAll = h("input", { type: "checkbox", "data-testid": "set-decayAll", title: "weight decay for every parameter, not only those of rank ≥ 2" });
  private readonly decayLabel = h("label", {}, "decay all", this.decayAll);
  private readonly optimizer: SettingControl<OptimizerKind>;
  private readonly schedule: SettingControl<ScheduleKind>;
  private readonly clip: SettingControl<ClipKind>;
  private target: Trainable | null = null;

  constructor(
    private settings: TrainSettings,
    private readonly onChange: (s: TrainSettings, before: TrainSettings) => void,
  ) {
    this.optimizer = new SettingControl("optimizer", "optimizer", OPTIMIZERS, false, (o) => {
      if (o !== null) this.update({ optimizer: o });
    });
    this.schedule = new SettingControl("schedule", "schedule", SCHEDULES, false, (s) => {
      if (s !== null) this.update({ schedule: s });
    });
    this.clip = new SettingControl("clip", "clip", CLIPS, true, (c) => {
      this.update({ clip: c });
    });
    this.decayAll.addEventListener("change", () => {
      this.update({ decayAll: this.decayAll.checked });
    });
    const num = (step: string, min: string, max: string): HTMLInputElement => h("input", { type: "number", step, min, max });
    const menu = h("select", {}, ...[...POINT_SETS, DIGITS, NAMES].map((o) => h("option", { value: o }, o)));
    this.root = h(
      "div",
      { class: "settings" },
      h("div", { class: "group" }, this.field("data", "data", menu), this.field("n", "points", num("100", "20", "4000")), this.field("noise", "noise", num("0.05", "0", "1")), this.field("testFraction", "test split", num("0.05", "0.05", "0.5"))),
      h("div", { class: "group" }, this.field("batch", "batch", num("1", "1", "512")), this.field("epochs", "epochs", num("1", "1", "10000")), this.field("seed", "seed", num("1", "0", "2147483648"))),
      h("div", { class: "group" }, this.optimizer.root, this.decayLabel),
      this.schedule.root,
      this.clip.root,
    );
    this.sync();
  }

  private field(key: Plain, label: string, input: Field): HTMLElement {
    this.fields.set(key, input);
    input.setAttribute("data-testid", `set-${key}`);
    input.addEventListener("change", () => {
      this.readFields(key);
    });
    return h("label", {}, label, input);
  }

  private readFields(changed: Plain): void {
    // A bad number keeps the user's text, marked with what the field allows; the settings stay.
    if (changed !== "data") {
      const v = checkRange(this.fields.get(changed) as HTMLInputElement, FIELD_RANGES[changed]);
      if (v !== undefined) this.update({ [changed]: v });
      return;
    }
    const parsed = parseSettings({ data: this.fields.get("data")?.value });
    // A new data set starts at its own default noise.
    const base = parsed.data !== undefined ? withData(this.settings, parsed.data) : this.settings;
    this.update({ data: base.data, noise: base.noise });
  }

  private update(change: Partial<TrainSettings>): void {
    const before = this.settings;
    this.settings = { ...before, ...change };
    this.sync();
    this.onChange(this.settings, before);
  }

  /** New settings (a new program) for a model that trains on `target`'s data (null: cannot train). */
  show(s: TrainSettings, target: Trainable | null): void {
    this.settings = s;
    this.target = target;
    this.sync();
  }

  get value(): TrainSettings {
    return this.settings;
  }

  private sync(): void {
    const s = this.settings;
    // A field being fixed (aria-invalid) keeps the text the user typed.
    for (const [k, f] of this.fields) if (f.getAttribute("aria-invalid") !== "true") f.value = String(s[k]);
    const t = this.target;
    const points = t?.kind === "points";
    const data = this.fields.get("data") as HTMLSelectElement;
    for (const o of data.options) o.disabled = t === null || (points ? !isPointSet(o.value) || classesOf(o.value) > t.classes : o.value !== (t.kind === "chars" ? NAMES : DIGITS));
    for (const k of ["n", "noise"] as const) (this.fields.get(k) as HTMLInputElement).disabled = !points;
    this.optimizer.set(s.optimizer);
    this.schedule.set(s.schedule);
    this.clip.set(s.clip);
    this.decayAll.checked = s.decayAll;
    this.decayLabel.hidden = !OPTIMIZERS[s.optimizer.kind].decays;
  }
}
