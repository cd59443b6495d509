/**
 * A series that keeps one point per step up to `cap` points, then halves itself (each pair of points
 * becomes their mean, at the later step) and from then on averages `stride` steps per point, so a run
 * of any length draws between cap/2 and cap points and a short run draws every step.
 */
export class Downsampled {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  private stride = 1;
  private sum = 0;
  private count = 0;
  private lastX = 0;

  constructor(private readonly cap: number) {}

  /** Steps averaged per point. */
  get perPoint(): number {
    return this.stride;
  }

  add(x: number, y: number): void {
    this.sum += y;
    this.count++;
    this.lastX = x;
    if (this.count < this.stride) return;
    this.xs.push(x);
    this.ys.push(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
    if (this.xs.length > this.cap) this.halve();
  }

  private halve(): void {
    const n = Math.floor(this.xs.length / 2);
    for (let i = 0; i < n; i++) {
      this.xs[i] = this.xs[2 * i + 1]!;
      this.ys[i] = (this.ys[2 * i]! + this.ys[2 * i + 1]!) / 2;
    }
    // An odd point left over (the mean of `stride` steps) starts the next, twice as wide, bucket
    // with the weight of the steps it stands for.
    if (this.xs.length % 2 === 1) {
      this.sum = this.ys[this.xs.length - 1]! * this.stride;
      this.count = this.stride;
    }
    this.xs.length = n;
    this.ys.length = n;
    this.stride *= 2;
  }

  /** The points, with the unfinished bucket's mean as the last one. */
  points(): [number[], (number | null)[]] {
    const xs = [...this.xs];
    const ys: (number | null)[] = [...this.ys];
    if (this.count > 0) {
      xs.push(this.lastX);
      ys.push(this.sum / this.count);
    }
    return [xs, ys.map((y) => (y !== null && Number.isFinite(y) ? y : null))];
  }

  clear(): void {
    this.xs.length = 0;
    this.ys.length = 0;
    this.stride = 1;
    this.sum = 0;
    this.count = 0;
  }
}
