/** Test helper (no test imports it from production code): the DataError a call throws. */
import { DataError } from "./data-error.ts";

/** The DataError `f` throws; any other error is rethrown, and returning normally fails the test. */
export function thrownDataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error("expected a DataError");
}
