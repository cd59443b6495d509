import { basename, isAbsolute, join } from "node:path";
import { checkWriteTarget } from "./atomic-write.ts";
import type { DataSourceSpec } from "./data-args.ts";

/** Arguments that name files, per data source: positional keys "0", "1" and their names. */
const FILE_ARGS: Readonly<Record<string, readonly string[]>> = {
  csv: ["0", "path"],
  json: ["0", "path"],
  file: ["0", "path"],
  idx: ["0", "1", "x", "label"],
  npy: ["0", "1", "x", "label"],
};

/** The files a data spec reads, resolved against `baseDir` as loadData resolves them. */
export function dataSpecFiles(spec: DataSourceSpec, baseDir: string): string[] {
  const keys = Object.hasOwn(FILE_ARGS, spec.source) ? FILE_ARGS[spec.source]! : [];
  return keys.flatMap((k) => {
    const v = Object.hasOwn(spec.args, k) ? spec.args[k] : undefined;
    return typeof v === "string" ? [isAbsolute(v) ? v : join(baseDir, v)] : [];
  });
}

/**
 * Checks a `--save` path before any data is loaded or step taken, creating nothing: it must be a
 * writable regular file (or a new one in a writable folder) and not the `.nn` source or a data file.
 * The source is `dataDir`/basename(`source`): `source` is relative to the program file, and `dataDir`
 * is by now the source's absolute folder.
 */
export function checkSaveTarget(save: string, source: { readonly source: string; readonly dataDir: string }, spec: DataSourceSpec, dataBaseDir: string): void {
  checkWriteTarget(save, [join(source.dataDir, basename(source.source)), ...dataSpecFiles(spec, dataBaseDir)]);
}
