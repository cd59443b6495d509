import { describe, expect, it } from "vitest";
import { DataError } from "@nnc/runtime";
import { runCli } from "./cli.ts";
import { EXIT, type CommandModule } from "./command-module.ts";
import { recordingIo } from "./io.ts";

describe("nnc without its dependency typescript (E0612)", () => {
  it("is a coded error with the fix and exit 2, not an internal error (exit 70)", async () => {
    const compiling: CommandModule = {
      name: "compile",
      summary: "writes a program",
      examples: [],
      configure() {},
      run() {
        // What the runtime's requireTypescript throws (runtime-shake.ts; its own test covers when).
        throw new DataError("E0612", "nnc needs its dependency `typescript` to write a program, and it is not installed", { help: "reinstall nnc from npm or its .tgz" });
      },
    };
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["compile"], io, [compiling])).toBe(EXIT.usage);
    const err = io.err.join("");
    expect(err).toContain("error[E0612]: nnc needs its dependency `typescript` to write a program, and it is not installed");
    expect(err).toContain("help: reinstall nnc from npm or its .tgz");
    expect(err).not.toContain("E0900");
  });
});
