/**
 * Controls generated from a settings table (optimizers, schedules, clipping): a menu of the records'
 * kinds and, for the chosen one, a field per argument with the record's label, range and step (a
 * checkbox for a boolean). A record added to a table gets its controls here with no page code.
 */
import type { ArgDef } from "@nnc/compiler";
import type { Setting, SettingValue } from "@nnc/runtime/core";
import { h } from "./dom.ts";
import { fillSetting, isKind, kindsOf, validArg, type Table } from "./setting-args.ts";

const NONE = "none";

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

  /** A field edited: a valid value replaces the argument; anything else puts the old value back. */
  private readArg(a: ArgDef, field: HTMLInputElement): void {
    const s = this.value;
    if (s === null) return;
    const v = a.kind === "bool" ? field.checked : field.value.trim() === "" ? NaN : Number(field.value);
    if (!validArg(a, v) || this.table[s.kind].validate?.({ ...s.args, [a.name]: v }) !== undefined) {
      this.set(s);
      return;
    }
    this.commit({ kind: s.kind, args: { ...s.args, [a.name]: v } });
  }

  private commit(s: Setting<K> | null): void {
    this.set(s);
    this.onChange(s);
  }
}
