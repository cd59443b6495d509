import { describe, expect, it } from "vitest";
import { examplesHelp, runCli } from "./cli.ts";
import { COMMANDS } from "./commands/index.ts";
import { recordingIo } from "./io.ts";

async function help(argv: string[]): Promise<string> {
  const io = recordingIo({ NO_COLOR: "1" });
  await runCli(argv, io);
  return io.out.join("");
}

describe("--help fits a 100-column terminal", () => {
  it("aligns the comments of short commands, and puts a long command's comment below it, wrapped", () => {
    const long = `nnc train ${"x".repeat(50)}.nn`;
    expect(examplesHelp([["nnc a", "one"], ["nnc bbb", "two"], [long, `${"word ".repeat(30)}end`]])).toBe(
      [
        "",
        "Examples:",
        "  $ nnc a    # one",
        "  $ nnc bbb  # two",
        `  $ ${long}`,
        `      # ${"word ".repeat(18).trimEnd()}`,
        `      # ${"word ".repeat(12)}end`,
        "",
      ].join("\n"),
    );
  });

  it("for nnc --help and every command's --help", async () => {
    for (const argv of [["--help"], ...COMMANDS.map((c) => [c.name, "--help"])]) {
      const text = await help(argv);
      const wide = text.split("\n").filter((l) => l.length > 100);
      expect(wide, argv.join(" ")).toEqual([]);
    }
  });
});
