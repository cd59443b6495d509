/**
 * Which command starts the language server: the `nnc.server.path` setting, else `nnc` on PATH, else a
 * workspace folder's `node_modules/.bin/nnc` (a project that installed nnc locally). Pure: the file
 * system and environment come in through `ServerLookup`, so tests run it without VS Code.
 * Invariant: in an untrusted workspace no file of the workspace is run (neither its node_modules/.bin/nnc
 * nor a setting's path relative to it); VS Code itself ignores the workspace's own `nnc.server.*` values there.
 */
import path from "node:path";
import { cmdShimLaunch } from "./windows-shim.ts";

export interface ServerLookup {
  /** `nnc.server.path`; "" when unset. */
  readonly configuredPath: string;
  /** `nnc.server.args`. */
  readonly args: readonly string[];
  /** Local folders of the open workspace, the first one first. */
  readonly workspaceFolders: readonly string[];
  /** VS Code's workspace trust. */
  readonly trusted: boolean;
  readonly pathVariable: string | undefined;
  /** Windows' PATHEXT; ignored elsewhere. */
  readonly pathExt: string | undefined;
  /** Windows' ComSpec (cmd.exe's path); ignored elsewhere. */
  readonly comSpec: string | undefined;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly isExecutable: (file: string) => boolean;
}

export interface ServerCommand {
  /** What to spawn, without a shell: the file found, or cmd.exe for a Windows `.cmd`/`.bat` shim (windows-shim.ts). */
  readonly command: string;
  readonly args: readonly string[];
  /** `args` go to the process as written (cmd.exe's already quoted line); spawn's `windowsVerbatimArguments`. */
  readonly verbatim: boolean;
  /** The file found and its arguments, for the log and messages. */
  readonly display: string;
  /** Where the command was found, for the log. */
  readonly from: "setting" | "PATH" | "workspace";
}

export type Resolution = ServerCommand | { readonly error: string };

/** Paths as the platform the editor runs on writes them. */
function paths(l: ServerLookup): path.PlatformPath {
  return l.platform === "win32" ? path.win32 : path.posix;
}

/** The names `nnc` may have as a file: `nnc` itself, and `nnc.cmd`, `nnc.exe`, … on Windows. */
function candidates(name: string, l: ServerLookup): string[] {
  if (l.platform !== "win32" || paths(l).extname(name) !== "") return [name];
  const exts = (l.pathExt ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((e) => e !== "");
  return [name, ...exts.map((e) => name + e.toLowerCase())];
}

function firstExecutable(dirs: readonly string[], name: string, l: ServerLookup): string | undefined {
  for (const dir of dirs) {
    for (const file of candidates(paths(l).join(dir, name), l)) if (l.isExecutable(file)) return file;
  }
  return undefined;
}

function pathDirs(l: ServerLookup): string[] {
  const sep = l.platform === "win32" ? ";" : ":";
  return (l.pathVariable ?? "").split(sep).filter((d) => d !== "");
}

function command(file: string, from: ServerCommand["from"], l: ServerLookup): Resolution {
  const display = [file, ...l.args].join(" ");
  if (l.platform !== "win32" || !/\.(cmd|bat)$/i.test(file)) return { command: file, args: l.args, verbatim: false, display, from };
  const launch = cmdShimLaunch(l.comSpec ?? "cmd.exe", file, l.args);
  return "error" in launch ? launch : { ...launch, verbatim: true, display, from };
}

/** The setting's value as a file: `~/…` from the home folder, a relative path from the first workspace folder. */
function settingFile(value: string, l: ServerLookup): string | undefined {
  const p = paths(l);
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) return p.join(l.home, value.slice(1));
  if (p.isAbsolute(value)) return value;
  const folder = l.trusted ? l.workspaceFolders[0] : undefined;
  return folder === undefined ? undefined : p.join(folder, value);
}

export function resolveServerCommand(l: ServerLookup): Resolution {
  const configured = l.configuredPath.trim();
  if (configured !== "") {
    // a bare name (`nnc-dev`) is looked up on PATH like a shell would
    const isBareName = !configured.includes("/") && !configured.includes("\\") && !configured.startsWith("~");
    const file = isBareName ? firstExecutable(pathDirs(l), configured, l) : settingFile(configured, l);
    const found = file === undefined ? undefined : candidates(file, l).find((f) => l.isExecutable(f));
    if (found !== undefined) return command(found, "setting", l);
    const why = isBareName
      ? "which is not a command on PATH"
      : file === undefined
        ? `a path relative to the workspace, which is ${l.trusted ? "not open" : "not trusted"}`
        : `but ${file} is not an executable file`;
    return { error: `nnc: the setting nnc.server.path is "${configured}", ${why}. Fix the setting or clear it to use \`nnc\` from PATH.` };
  }
  const onPath = firstExecutable(pathDirs(l), "nnc", l);
  if (onPath !== undefined) return command(onPath, "PATH", l);
  const folders = l.trusted ? l.workspaceFolders : [];
  const local = firstExecutable(folders.map((f) => paths(l).join(f, "node_modules", ".bin")), "nnc", l);
  if (local !== undefined) return command(local, "workspace", l);
  if (!l.trusted && l.workspaceFolders.length > 0) {
    return {
      error:
        "nnc: cannot find the `nnc` command on PATH, and this workspace is not trusted, so its node_modules/.bin/nnc " +
        "is not run. Trust the workspace (Workspaces: Manage Workspace Trust), install nnc globally, or set nnc.server.path in your user settings.",
    };
  }
  return {
    error:
      "nnc: cannot find the `nnc` command, so .nn files get no diagnostics, hover or completion. " +
      "It is not on PATH and no workspace folder has node_modules/.bin/nnc. Install nnc from its packed tarball " +
      "(`npm install -g ./nnc-<version>.tgz`, see docs/install.md) or set nnc.server.path, then run \"nnc: Restart Language Server\".",
  };
}
