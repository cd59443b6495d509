// Which `nnc` the extension starts, on a pretend file system.
import { describe, expect, it } from "vitest";
import { resolveServerCommand, type ServerLookup } from "../src/server-command.ts";

const ARGS = ["lsp", "--stdio"];

function lookup(executables: readonly string[], over: Partial<ServerLookup> = {}): ServerLookup {
  const files = new Set(executables);
  return {
    configuredPath: "",
    args: ARGS,
    workspaceFolders: ["/work/proj"],
    trusted: true,
    pathVariable: "/usr/local/bin:/usr/bin",
    pathExt: undefined,
    comSpec: undefined,
    platform: "linux",
    home: "/home/ada",
    isExecutable: (f) => files.has(f),
    ...over,
  };
}

describe("resolveServerCommand", () => {
  it("takes `nnc` from PATH, in PATH order, before the workspace's node_modules", () => {
    expect(resolveServerCommand(lookup(["/usr/bin/nnc", "/usr/local/bin/nnc", "/work/proj/node_modules/.bin/nnc"]))).toEqual({
      command: "/usr/local/bin/nnc",
      args: ARGS,
      verbatim: false,
      display: "/usr/local/bin/nnc lsp --stdio",
      from: "PATH",
    });
  });

  it("falls back to a workspace folder's node_modules/.bin/nnc", () => {
    const l = lookup(["/work/other/node_modules/.bin/nnc"], { workspaceFolders: ["/work/proj", "/work/other"] });
    expect(resolveServerCommand(l)).toMatchObject({ command: "/work/other/node_modules/.bin/nnc", from: "workspace" });
  });

  it("prefers the setting, resolving `~/` from home, a relative path from the first folder, a bare name on PATH", () => {
    const all = ["/usr/bin/nnc", "/home/ada/bin/nnc", "/work/proj/tools/nnc", "/usr/bin/nnc-dev"];
    expect(resolveServerCommand(lookup(all, { configuredPath: "~/bin/nnc" }))).toMatchObject({ command: "/home/ada/bin/nnc", from: "setting" });
    expect(resolveServerCommand(lookup(all, { configuredPath: "tools/nnc" }))).toMatchObject({ command: "/work/proj/tools/nnc", from: "setting" });
    expect(resolveServerCommand(lookup(all, { configuredPath: "nnc-dev", args: ["lsp"] }))).toEqual({
      command: "/usr/bin/nnc-dev",
      args: ["lsp"],
      verbatim: false,
      display: "/usr/bin/nnc-dev lsp",
      from: "setting",
    });
  });

  it("says what is wrong with a setting that names no executable, rather than falling back", () => {
    const r = resolveServerCommand(lookup(["/usr/bin/nnc"], { configuredPath: "/opt/nnc/bin/nnc" }));
    expect(r).toEqual({ error: expect.stringContaining("/opt/nnc/bin/nnc is not an executable file") as unknown });
    expect(resolveServerCommand(lookup(["/usr/bin/nnc"], { configuredPath: "nnc-dev" }))).toEqual({
      error: expect.stringContaining('"nnc-dev", which is not a command on PATH') as unknown,
    });
  });

  it("explains how to get `nnc` when there is none", () => {
    const r = resolveServerCommand(lookup([]));
    expect(r).toEqual({ error: expect.stringContaining("cannot find the `nnc` command") as unknown });
    expect(r).toEqual({ error: expect.stringContaining("nnc.server.path") as unknown });
  });

  it("runs no file of an untrusted workspace", () => {
    const local = ["/work/proj/node_modules/.bin/nnc", "/work/proj/tools/nnc"];
    expect(resolveServerCommand(lookup(local, { trusted: false }))).toEqual({ error: expect.stringContaining("this workspace is not trusted") as unknown });
    expect(resolveServerCommand(lookup(local, { trusted: false, configuredPath: "tools/nnc" }))).toEqual({
      error: expect.stringContaining("relative to the workspace, which is not trusted") as unknown,
    });
    expect(resolveServerCommand(lookup([...local, "/usr/bin/nnc"], { trusted: false }))).toMatchObject({ command: "/usr/bin/nnc", from: "PATH" });
  });

  it("on Windows finds nnc.cmd through PATHEXT, runs it through cmd.exe with a quoted line, and resolves `~\\`", () => {
    const win = { platform: "win32", pathVariable: "C:\\Windows;C:\\npm", pathExt: ".COM;.EXE;.CMD", home: "C:\\Users\\ada" } as const;
    expect(resolveServerCommand(lookup(["C:\\npm\\nnc.cmd"], win))).toEqual({
      command: "cmd.exe",
      args: ["/d", "/s", "/c", '""C:\\npm\\nnc.cmd" lsp --stdio"'],
      verbatim: true,
      display: "C:\\npm\\nnc.cmd lsp --stdio",
      from: "PATH",
    });
    expect(resolveServerCommand(lookup(["C:\\Users\\ada\\bin\\nnc.exe"], { ...win, configuredPath: "~\\bin\\nnc" }))).toEqual({
      command: "C:\\Users\\ada\\bin\\nnc.exe",
      args: ARGS,
      verbatim: false,
      display: "C:\\Users\\ada\\bin\\nnc.exe lsp --stdio",
      from: "setting",
    });
  });

  it("on Windows quotes a shim path with spaces and cmd.exe syntax, and the arguments that need it", () => {
    const dir = "C:\\Users\\John Smith & Co^1\\AppData\\Roaming\\npm";
    const l = lookup([`${dir}\\nnc.cmd`], {
      platform: "win32",
      pathVariable: `C:\\Windows;${dir}`,
      pathExt: ".EXE;.CMD",
      comSpec: "C:\\WINDOWS\\system32\\cmd.exe",
      args: ["lsp", "--stdio", "--log=C:\\my logs\\x.txt", ""],
    });
    // cmd.exe /s drops the outer quotes and runs: "C:\Users\John Smith & Co^1\…\nnc.cmd" lsp --stdio "--log=…" ""
    expect(resolveServerCommand(l)).toMatchObject({
      command: "C:\\WINDOWS\\system32\\cmd.exe",
      args: ["/d", "/s", "/c", `""${dir}\\nnc.cmd" lsp --stdio "--log=C:\\my logs\\x.txt" """`],
      verbatim: true,
    });
  });

  it("on Windows refuses a shim whose path or arguments cmd.exe would not take literally", () => {
    const win = { platform: "win32", pathVariable: "C:\\npm", pathExt: ".CMD" } as const;
    expect(resolveServerCommand(lookup(["C:\\npm\\nnc.cmd"], { ...win, args: ["lsp", "%PATH%"] }))).toEqual({
      error: expect.stringContaining("cannot start C:\\npm\\nnc.cmd through cmd.exe: `%PATH%` holds") as unknown,
    });
    const quoted = 'C:\\a"b\\nnc.cmd';
    expect(resolveServerCommand(lookup([quoted], { ...win, configuredPath: quoted }))).toEqual({
      error: expect.stringContaining("which cmd.exe would not take literally") as unknown,
    });
    // an .exe is spawned directly: nothing to quote, nothing refused
    expect(resolveServerCommand(lookup(["C:\\50%\\nnc.exe"], { ...win, configuredPath: "C:\\50%\\nnc.exe" }))).toMatchObject({ verbatim: false });
  });
});
