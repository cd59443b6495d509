import { accessSync, closeSync, constants, fchmodSync, fsyncSync, lstatSync, openSync, readdirSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DataError, fileErrorReason } from "./data-error.ts";

/** Where an atomic write really goes: the regular file at `path`, or behind a symlink at `path`. */
export interface WriteTarget {
  /** The file replaced: `path` itself, or the file its symbolic link points to (the link is kept). */
  readonly real: string;
  /** The existing file (its mode is kept), or null when the write creates it. */
  readonly existing: Stats | null;
}

const WRITE_HELP = "check that the folder exists and is writable, and that the disk has space";

function writeRefusal(path: string, what: string): DataError {
  return new DataError("E0656", `cannot write \`${path}\`: it is ${what}, not a regular file`, {
    file: path,
    help: "write to a regular file (or a symbolic link to one); nnc never replaces devices, pipes, sockets or folders",
  });
}

function specialKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "a special file";
}

function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    if (typeof e === "object" && e !== null && "code" in e && (e.code === "ENOENT" || e.code === "ENOTDIR")) return null;
    throw e;
  }
}

function writeCheck(path: string, check: () => void): void {
  try {
    check();
  } catch (e) {
    throw new DataError("E0642", `cannot write \`${path}\`: ${fileErrorReason(e)}`, { file: path, help: WRITE_HELP });
  }
}

/**
 * Decides where a write of `path` goes without creating or changing anything, and refuses what must
 * not be replaced: a device, FIFO, socket or folder (E0656); a symlink that dangles or leads to one
 * (E0656); the same file (dev+inode, through links) as any of `inputs` (E0657); a missing or
 * unwritable folder, or an existing file without write permission (E0642).
 */
export function checkWriteTarget(path: string, inputs: readonly string[] = []): WriteTarget {
  let st: Stats | null;
  let real = path;
  try {
    st = statOrNull(path, false);
    if (st?.isSymbolicLink() === true) {
      const target = statOrNull(path, true);
      if (target === null) throw writeRefusal(path, "a symbolic link to a missing file");
      const kind = specialKind(target);
      if (kind !== null) throw writeRefusal(path, `a symbolic link to ${kind}`);
      real = realpathSync(path);
      st = target;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError("E0642", `cannot write \`${path}\`: ${fileErrorReason(e)}`, { file: path, help: WRITE_HELP });
  }
  const kind = st === null ? null : specialKind(st);
  if (kind !== null) throw writeRefusal(path, kind);
  const dir = dirname(real);
  const folder = statOrNull(dir, true);
  if (folder === null || !folder.isDirectory()) {
    throw new DataError("E0642", `cannot write \`${path}\`: no such folder \`${dir}\``, { file: path, help: WRITE_HELP });
  }
  writeCheck(path, () => { accessSync(dir, constants.W_OK | constants.X_OK); });
  if (st !== null) {
    writeCheck(path, () => { accessSync(real, constants.W_OK); });
    for (const input of inputs) {
      const other = statOrNull(input, true);
      if (other !== null && other.dev === st.dev && other.ino === st.ino) {
        throw new DataError("E0657", `refusing to write \`${path}\`: it is the input file \`${input}\``, {
          file: path,
          help: "write the output to another file name; nnc never overwrites its own inputs",
        });
      }
    }
  }
  return { real, existing: st };
}

/** The name pattern of temporary files for `base`: `.BASE.PID.TIME36.tmp`. */
function tempPattern(base: string): RegExp {
  return new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.([0-9a-z]+)\\.tmp$`);
}

function processAlive(pid: number, time: number): boolean {
  // Our own pid: the temp is ours only if written since this process started (pids are reused).
  if (pid === process.pid) return time >= Date.now() - process.uptime() * 1000 - 1000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return !(typeof e === "object" && e !== null && "code" in e && e.code === "ESRCH");
  }
}

/**
 * Removes temporary files a killed writer of `real` left behind: only regular files whose name is
 * exactly `.BASE.PID.TIME36.tmp` for this target and whose writer process is gone. Best effort.
 */
export function removeStaleTemps(real: string): void {
  const dir = dirname(real);
  const pattern = tempPattern(basename(real));
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null || processAlive(Number(m[1]), parseInt(m[2]!, 36))) continue;
    try {
      if (lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name));
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * Writes `chunks` to `path` atomically: into a temporary file beside the real target (same folder,
 * so the rename cannot cross file systems), flushed with fsync, then renamed over it. The target is
 * checked first (checkWriteTarget: `inputs` are files it must not be); a symlink to a regular file is
 * followed and kept. An existing file's permission bits are kept; a new file gets 0666 & ~umask. If
 * anything fails — a chunk throws, the disk is full — the temporary file is removed and the target
 * keeps its old content.
 */
export function atomicWrite(path: string, chunks: Iterable<Uint8Array | string>, inputs: readonly string[] = []): void {
  const target = checkWriteTarget(path, inputs);
  removeStaleTemps(target.real);
  const tmp = join(dirname(target.real), `.${basename(target.real)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    // An existing file's copy starts private and gets the file's mode just before the rename.
    fd = openSync(tmp, "wx", target.existing === null ? 0o666 : 0o600);
    for (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    }
    if (target.existing !== null) fchmodSync(fd, target.existing.mode & 0o7777);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target.real);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created, or is already gone
    }
    if (e instanceof DataError) throw e;
    throw new DataError("E0642", `cannot write \`${path}\`: ${fileErrorReason(e)}`, { file: path, help: WRITE_HELP });
  }
}
