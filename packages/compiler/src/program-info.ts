/** What a generated program knows about itself (ProgramInfo), from the selected model's train section. */
import type { LoweredModel } from "@nnc/lower";
import type { MemoryTensor, ProgramInfo } from "@nnc/runtime/core";

/** The file's name without its folders (POSIX: a backslash is part of a name, as on Linux and macOS). */
export function baseName(file: string): string {
  return file.split("/").pop() ?? file;
}

/**
 * `dataDir` is the path from the program file's folder to the `.nn` file's folder, relative with
 * POSIX separators; the program resolves it against its own location. `source` is the `.nn` file
 * by the same route (`dataDir`/name), so a program never carries the compiling machine's paths.
 */
export function programInfo(fileName: string, model: LoweredModel, dataDir: string, memory: readonly MemoryTensor[]): ProgramInfo {
  const t = model.train;
  return {
    source: dataDir === "." ? baseName(fileName) : `${dataDir}/${baseName(fileName)}`,
    model: model.name,
    dataDir,
    train:
      t === undefined
        ? null
        : {
            data: t.data === undefined ? null : { source: t.data.source, args: t.data.args },
            batch: t.batch ?? null,
            epochs: t.epochs ?? null,
            seed: t.seed ?? null,
            lr: typeof t.optimizer.args["lr"] === "number" ? t.optimizer.args["lr"] : null,
            optimizer: { kind: t.optimizer.kind, args: t.optimizer.args },
            schedule: t.schedule,
            metrics: t.metrics,
            clip: t.clip,
          },
    memory,
  };
}
