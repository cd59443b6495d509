import { describe, expect, it } from "vitest";
import { COMMANDS } from "./index.ts";
import { commandsFor, commandWord, COMMAND_LOADERS } from "./registry.ts";

describe("the command registry", () => {
  it("names each loaded command by its module's own name, in --help order", () => {
    expect(COMMANDS.map((c) => c.name)).toEqual(COMMAND_LOADERS.map(([name]) => name));
    expect(COMMANDS.map((c) => c.name).slice(0, 3)).toEqual(["check", "compile", "export"]);
  });

  it("finds the command word past root options and --color's value", () => {
    expect(commandWord(["check", "a.nn"])).toBe("check");
    expect(commandWord(["--color", "never", "check", "a.nn"])).toBe("check");
    expect(commandWord(["--color=always", "fmt", "--check"])).toBe("fmt");
    expect(commandWord(["--help", "check"])).toBeUndefined();
    expect(commandWord(["-V"])).toBeUndefined();
    expect(commandWord([])).toBeUndefined();
    expect(commandWord(["help", "check"])).toBe("help");
  });

  it("loads only the named command, and every command otherwise", async () => {
    expect((await commandsFor(["check", "a.nn"])).map((c) => c.name)).toEqual(["check"]);
    expect(await commandsFor(["--color", "never", "export", "a.nn"])).toEqual([COMMANDS[2]]);
    expect((await commandsFor(["chek", "a.nn"])).length).toBe(COMMANDS.length);
    expect((await commandsFor(["--help"])).length).toBe(COMMANDS.length);
  });
});
