/**
 * Where a built-in data set's files are: a path in an environment variable, else a file of an installed
 * npm package resolved as Node resolves it, first from this program's location, then from the working
 * directory (a program copied elsewhere still finds a package installed where it runs).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DataError } from "./data-error.ts";

/** The value of environment variable `variable`; undefined when unset or empty. */
export function dataPathFromEnv(variable: string): string | undefined {
  const value = process.env[variable];
  return value === undefined || value === "" ? undefined : value;
}

/** `relPath` inside the installed npm package `pkg`; undefined when neither base resolves it. */
export function packageDataPath(pkg: string, relPath: string): string | undefined {
  const bases = [import.meta.url, pathToFileURL(join(process.cwd(), "noop.js")).href];
  for (const base of bases) {
    try {
      return join(createRequire(base).resolve(`${pkg}/package.json`), "..", relPath);
    } catch {
      // not resolvable from this base; try the next
    }
  }
  return undefined;
}

/**
 * `read()`, with an unreadable file's E0620 naming `variable` when the path came from it: the help of
 * E0620 speaks of `data = …` paths, which do not apply to an environment variable.
 */
export function readingFromEnv<T>(variable: string, fromEnv: boolean, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!fromEnv || !(e instanceof DataError) || e.code !== "E0620") throw e;
    throw new DataError("E0620", `${e.message} (the path set in ${variable})`, {
      file: e.file,
      where: e.where,
      help: `${variable} must name a readable file (or folder) by its absolute path or one relative to the working directory; unset it to use the installed package`,
    });
  }
}
