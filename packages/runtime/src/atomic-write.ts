import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DataError, fileErrorReason } from "./data-error.ts";

/**
 * Writes `chunks` to `path` atomically: into a temporary file beside it (same folder, so the rename
 * cannot cross file systems), flushed with fsync, then renamed over `path`. If anything fails — a
 * chunk throws, the disk is full — the temporary file is removed and `path` keeps its old content.
 */
export function atomicWrite(path: string, chunks: Iterable<Uint8Array | string>): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    for (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created, or is already gone
    }
    if (e instanceof DataError) throw e;
    throw new DataError("E0642", `cannot write \`${path}\`: ${fileErrorReason(e)}`, { file: path, help: "check that the folder exists and is writable, and that the disk has space" });
  }
}
