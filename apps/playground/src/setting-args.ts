/**
 * Training settings as the page holds them, generic over the tables of @nnc/ops (optimizers,
 * schedules, clipping): a kind and every argument filled in. Nothing here names an optimizer or a
 * schedule — a record added to a table appears in the page with its arguments and controls.
 */
import type { ArgDef, SettingDef } from "@nnc/compiler";
import type { Setting, SettingValue } from "@nnc/runtime/core";

export type Table<K extends string> = Readonly<Record<K, SettingDef<K>>>;

export function kindsOf<K extends string>(table: Table<K>): K[] {
  return Object.keys(table) as K[];
}

export function isKind<K extends string>(table: Table<K>, kind: unknown): kind is K {
  return typeof kind === "string" && Object.hasOwn(table, kind);
}

/** Whether `v` is a valid value of argument `a`: the right kind, and in the record's range. */
export function validArg(a: ArgDef, v: unknown): v is SettingValue {
  if (a.kind === "bool") return typeof v === "boolean";
  if (typeof v !== "number" || !Number.isFinite(v)) return false;
  if (a.kind === "int" && !Number.isInteger(v)) return false;
  return a.range === undefined || a.range[0](v);
}

/**
 * The value a control starts at when a required argument has no value yet: the record's `ui.start`
 * when it names one, else the middle of the control's range (geometric for a log scale), snapped to
 * its step and kept in range.
 */
export function startValue(a: ArgDef): SettingValue {
  if (a.kind === "bool") return false;
  const ui = a.ui;
  if (ui === undefined) return a.kind === "int" ? 1 : 0.5;
  if (ui.start !== undefined) return ui.start;
  const mid = ui.log === true && ui.min > 0 ? Math.sqrt(ui.min * ui.max) : (ui.min + ui.max) / 2;
  const snapped = Math.max(ui.min, Math.min(ui.max, Math.round(mid / ui.step) * ui.step));
  // Rounding to the step can leave float noise (0.95000000001): keep the step's digits only.
  const value = Number(snapped.toPrecision(12));
  return a.kind === "int" ? Math.round(value) : value;
}

/**
 * The setting of `kind` with every argument filled in: from `given` where it holds a valid value of
 * the same name (so the learning rate survives a change of optimizer), else the default, else the
 * control's start value.
 */
export function fillSetting<K extends string>(table: Table<K>, kind: K, given: Readonly<Record<string, unknown>> = {}): Setting<K> {
  const def = table[kind];
  const args: Record<string, SettingValue> = {};
  for (const a of def.args) {
    const v = Object.hasOwn(given, a.name) ? given[a.name] : undefined;
    args[a.name] = validArg(a, v) ? v : (a.default ?? startValue(a));
  }
  const problem = def.validate?.(args);
  if (problem === undefined) return { kind, args };
  // A cross-argument rule the given values break: fall back to the record's own values.
  const fresh: Record<string, SettingValue> = {};
  for (const a of def.args) fresh[a.name] = a.default ?? startValue(a);
  return { kind, args: fresh };
}

/** A setting from a share link (anything): a known kind and valid arguments, else undefined. */
export function parseSetting<K extends string>(table: Table<K>, v: unknown): Setting<K> | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Record<string, unknown>;
  const kind = r["kind"];
  if (!isKind(table, kind)) return undefined;
  const args = r["args"];
  return fillSetting(table, kind, typeof args === "object" && args !== null ? (args as Record<string, unknown>) : {});
}
