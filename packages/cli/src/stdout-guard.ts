import { fstatSync, readFileSync, statSync } from "node:fs";

/**
 * Whether fd 1 is what Node makes of a closed stdout: at start-up Node reopens a closed fd 1 as
 * `/dev/null` with O_RDWR, while `> /dev/null` opens it O_WRONLY. Linux only (the open flags come
 * from /proc/self/fdinfo); elsewhere a closed stdout cannot be told apart and counts as open.
 */
export function stdoutLooksClosed(): boolean {
  if (process.platform !== "linux") return false;
  try {
    const st = fstatSync(1);
    const devNull = statSync("/dev/null");
    if (!st.isCharacterDevice() || st.rdev !== devNull.rdev) return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync("/proc/self/fdinfo/1", "utf8"));
    // O_ACCMODE (3) of the open file description; O_RDWR is 2.
    return flags !== null && (parseInt(flags[1]!, 8) & 3) === 2;
  } catch {
    return false;
  }
}

function failureReason(e: unknown): string {
  const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
  switch (code) {
    case "EBADF":
      return "it is closed (EBADF)";
    case "ENOSPC":
      return "no space left on the device (ENOSPC)";
    case "EDQUOT":
      return "disk quota exceeded (EDQUOT)";
    case "EFBIG":
      return "the file is too large (EFBIG)";
    case "EIO":
      return "input/output error (EIO)";
    default:
      return code === undefined ? (e instanceof Error ? e.message : String(e)) : `system error ${code}`;
  }
}

/**
 * Every write to stdout goes through here and is checked: a closed stdout (see stdoutLooksClosed) or
 * a failed write (ENOSPC, EBADF, EIO …) is remembered and later writes are dropped; `settle` waits
 * for the output to be flushed and gives the first failure. EPIPE is remembered too: the reader
 * stopped early (`| head`), which callers treat as a quiet end.
 */
export class StdoutGuard {
  private failed: { readonly reason: string; readonly epipe: boolean } | null = null;
  private checkedClosed = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { readonly writableLength: number },
    private readonly looksClosed: () => boolean = stdoutLooksClosed,
  ) {
    stream.on("error", (e: unknown) => {
      this.fail(e);
    });
  }

  private fail(e: unknown): void {
    if (this.failed !== null) return;
    const epipe = typeof e === "object" && e !== null && "code" in e && e.code === "EPIPE";
    this.failed = { reason: failureReason(e), epipe };
  }

  write(text: string): void {
    if (this.failed !== null || text === "") return;
    if (!this.checkedClosed) {
      this.checkedClosed = true;
      if (this.looksClosed()) {
        this.failed = { reason: "it is closed", epipe: false };
        return;
      }
    }
    this.stream.write(text);
  }

  /**
   * Waits until what was written is flushed or has failed; the reason of the first failure other
   * than EPIPE, or null.
   */
  async settle(): Promise<string | null> {
    // Write errors are reported on a later tick, even for synchronous (file) streams.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failed === null && this.stream.writableLength > 0) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.stream.off("drain", done);
          this.stream.off("error", done);
          this.stream.off("close", done);
          resolve();
        };
        this.stream.on("drain", done);
        this.stream.on("error", done);
        this.stream.on("close", done);
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.failed === null || this.failed.epipe ? null : this.failed.reason;
  }
}
