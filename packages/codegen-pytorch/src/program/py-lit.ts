/**
 * Python literals of the train section's values (py-text.ts holds the escapers the whole package
 * shares: every string from the `.nn` file goes through its `pyStr`).
 */
import { pyNum, pyStr } from "../py-text.ts";

export { pyNum, pyStr };

/** A literal of a setting value: bool as True/False, numbers as floats, text as a string literal. */
export function pyValue(v: number | boolean | string): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return pyNum(v);
  return pyStr(v);
}
