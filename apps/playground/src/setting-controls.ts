/**
 * Controls generated from a settings table (optimizers, schedules, clipping): a menu of the records'
 * kinds and, for the chosen one, a field per argument with the record's label, range and step (a
 * checkbox for a boolean). A record added to a table gets its controls here with no page code.
 */
import type { ArgDef } from "@nnc/compiler";
import type { Setting, SettingValue } from "@nnc/runtime/core";
import { h } from "./dom.ts";
import { fillSetting, isKind, kindsOf, validArg, type Table } from "./setting-args.ts";
import { readRanged, type FieldRange } from "./settings.ts";
import "./setting-controls.css";

const NONE = "none";

let errorIds = 0;

/**
 * Shows `problem` beside `input` (null clears it): aria-invalid, and a message element after the
 * input that aria-describedby points to (data-testid "<input's testid>-error"). The input keeps the
 * user's text either way.
 */
export function markField(input: HTMLInputElement, problem: string | null): void {
  const id = input.dataset["errorId"] ?? `field-error-${++errorIds}`;
  input.dataset["errorId"] = id;
  let note = input.parentElement?.querySelector<HTMLElement>(`#${id}`) ?? null;
  if (problem === null) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    note?.remove();
    return;
  }
  if (note === null) {
    note = h("span", { class: "field-error", id, role: "alert", "data-testid": `${input.dataset["testid"] ?? "field"}-error` });
    input.after(note);
  }
  note.textContent = problem;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", id);
}

/**
 * The number in `input` if it is in `range`; else undefined, with the problem and the allowed range
 * shown beside the field (markField) and the user's text left in it to fix.
 */
export function checkRange(input: HTMLInputElement, range: FieldRange): number | undefined {
  const r = readRanged(input.value, range);
  markField(input, "problem" in r ? r.problem : null);
  return "value" in r ? r.value : undefined;
}

/** What argument `a` accepts, in words ("allowed: in (0, 10]", "a whole number"). */
function argAllowed(a: ArgDef): string {
  const parts = [a.kind === "int" ? "a whole number" : "a number", ...(a.range === undefined ? [] : [a.range[1]])];
  return `allowed: ${parts.join(" ")}`;
}

function argField(prefix: string, a: ArgDef, value: SettingValue | undefined): HTMLInputElement {
  const testid = `set-${prefix}-${a.name}`;
  if (a.kind === "bool") {
    const box = h("input", { type: "checkbox", "data-testid": testid, title: a.doc });
    box.checked = value === true;
    return box;
  }
  const ui = a.ui;
  const attrs: Record<string, string> = { type: "number", "data-testid": testid, title: a.doc, step: ui === undefined || ui.log === true ? "any" : String(ui.step) };
  if (ui !== undefined) Object.assign(attrs, { min: String(ui.min), max: String(ui.max) });
  const input = h("input", attrs);
  input.value = value === undefined ? "" : String(value);
  return input;
}

export class SettingControl<K extends string> {
  readonly root: HTMLElement;
  private readonly menu: HTMLSelectElement;
  private readonly args: HTMLElement;
  private value: Setting<K> | null = null;

  /** `prefix` names the test ids (`set-<prefix>`, `set-<prefix>-<arg>`); `optional` adds "none" (null). */
  constructor(
    private readonly prefix: string,
    label: string,
    private readonly table: Table<K>,
    optional: boolean,
    private readonly onChange: (s: Setting<K> | null) => void,
  ) {
    const options = kindsOf(table).map((k) => h("option", { value: k, title: table[k].doc }, table[k].label));
    this.menu = h("select", { "data-testid": `set-${prefix}` }, ...(optional ? [h("option", { value: NONE }, "none")] : []), ...options);
    this.menu.addEventListener("change", () => {
      const k = this.menu.value;
      this.commit(isKind(table, k) ? fillSetting(table, k, this.value?.args) : null);
    });
    this.args = h("span", { class: "group args" });
    this.root = h("div", { class: "group" }, h("label", {}, label, this.menu), this.args);
  }

  get setting(): Setting<K> | null {
    return this.value;
  }

  /** Shows `s` (null: none) without reporting a change. */
  set(s: Setting<K> | null): void {
    // The same setting again (another field changed): leave the fields, and any text being fixed, alone.
    if (s !== null && this.value !== null && this.args.childElementCount > 0 && JSON.stringify(s) === JSON.stringify(this.value)) return;
    this.value = s;
    this.menu.value = s === null ? NONE : s.kind;
    this.args.replaceChildren();
    if (s === null) return;
    for (const a of this.table[s.kind].args) {
      const field = argField(this.prefix, a, s.args[a.name]);
      field.addEventListener("change", () => {
        this.readArg(a, field);
      });
      this.args.append(h("label", { title: a.doc }, a.ui?.label ?? a.name, field));
    }
  }

  /**
   * A field edited: a valid value replaces the argument; anything else keeps the user's text, marked
   * invalid with what is allowed, and the setting keeps its last valid value until the text is fixed.
   */
  private readArg(a: ArgDef, field: HTMLInputElement): void {
    const s = this.value;
    if (s === null) return;
    const v = a.kind === "bool" ? field.checked : field.value.trim() === "" ? NaN : Number(field.value);
    if (!validArg(a, v)) {
      markField(field, `${field.value.trim() === "" ? "empty" : "not allowed"}; ${argAllowed(a)}`);
      return;
    }
    const problem = this.table[s.kind].validate?.({ ...s.args, [a.name]: v });
    if (problem !== undefined) {
      markField(field, problem.message);
      return;
    }
    markField(field, null);
    this.commit({ kind: s.kind, args: { ...s.args, [a.name]: v } });
  }

  private commit(s: Setting<K> | null): void {
    this.set(s);
    this.onChange(s);
  }
}
