import { describe, expect, it } from "vitest";
import { DataError } from "./data-error.ts";
import { requireTypescript } from "./runtime-shake.ts";

/** What Node's require throws for a package that is not installed. */
function notFound(id: string): Error {
  return Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /x/nnc.js`), { code: "MODULE_NOT_FOUND" });
}

describe("loading typescript (nnc installed without its dependencies)", () => {
  it("requireTypescript turns exactly a missing `typescript` into E0612; other failures stay errors", () => {
    const missing = (): never => {
      throw notFound("typescript");
    };
    expect(() => requireTypescript(missing)).toThrow(DataError);
    expect(() => requireTypescript(missing)).toThrow("nnc needs its dependency `typescript` to write a program, and it is not installed");
    const nested = (): never => {
      throw notFound("source-map");
    };
    expect(() => requireTypescript(nested)).toThrow("Cannot find module 'source-map'");
    const ts = { version: "6.0.3" };
    expect(requireTypescript(() => ts)).toBe(ts);
  });

});
