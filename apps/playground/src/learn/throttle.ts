/**
 * Runs `refresh` after updates, never two at a time and at most once per `gapMs`: an update during a
 * refresh (or within the gap) is remembered and served once, by one later refresh.
 */
export class Throttle {
  private busy = false;
  private pending = false;
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly gapMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(): void {
    if (this.disposed) return;
    this.pending = true;
    this.kick();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private kick(): void {
    if (this.busy || this.timer !== null || !this.pending || this.disposed) return;
    const wait = this.last + this.gapMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, wait);
      return;
    }
    this.pending = false;
    this.busy = true;
    this.last = this.now();
    void this.refresh()
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        this.kick();
      });
  }
}
