import { describe, expect, it } from "vitest";
import { epochRecord, formatBar, formatCount, formatDuration, formatEpochLine, formatLoss, formatProgressLine, jsonReporter, renderProgress } from "./progress.ts";

describe("progress formatting", () => {
  it("formats durations, counts, bars and losses", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(65.4)).toBe("1:05");
    expect(formatDuration(3725)).toBe("1:02:05");
    expect(formatDuration(Number.NaN)).toBe("--:--");
    expect(formatCount(1234567.8)).toBe("1,234,568");
    expect(formatCount(999)).toBe("999");
    expect(formatBar(0, 10)).toBe("[>         ]");
    expect(formatBar(0.5, 10)).toBe("[=====>    ]");
    expect(formatBar(1, 10)).toBe("[==========]");
    expect(formatLoss(0.123456)).toBe("0.1235");
    expect(formatLoss(12345.6)).toBe("1.235e+4");
    expect(formatLoss(Number.NaN)).toBe("nan");
    expect(formatLoss(Infinity)).toBe("inf");
  });

  it("formats an epoch line with and without validation", () => {
    const m = { epoch: 3, loss: 0.41234, metrics: { accuracy: 0.825 }, val_loss: 0.4, val_metrics: { accuracy: 0.83 } };
    expect(formatEpochLine(m, 60, 1.2, 12345)).toBe("epoch  3/60  loss 0.4123  acc 82.5%  val_loss 0.4000  val_acc 83.0%  12,345 samples/s  0:01");
    expect(formatEpochLine({ epoch: 1, loss: 2, metrics: {}, val_loss: null, val_metrics: null }, 5, 0, 10)).toBe("epoch 1/5  loss 2.0000  10 samples/s  0:00");
  });

  it("prints the selected metrics, and no accuracy for regression", () => {
    const m = { epoch: 2, loss: 0.25, metrics: { accuracy: 0.5, top_5: 0.875 }, val_loss: 0.3, val_metrics: { accuracy: 0.25, top_5: 0.75 } };
    expect(formatEpochLine(m, 2, 0, 1)).toBe("epoch 2/2  loss 0.2500  acc 50.0%  top5 87.5%  val_loss 0.3000  val_acc 25.0%  val_top5 75.0%  1 samples/s  0:00");
    const reg = { epoch: 1, loss: 0.04, metrics: { mae: 0.125, rmse: 0.2 }, val_loss: 0.05, val_metrics: { mae: 0.15, rmse: 0.25 } };
    expect(formatEpochLine(reg, 1, 0, 1)).toBe("epoch 1/1  loss 0.0400  mae 0.1250  rmse 0.2000  val_loss 0.0500  val_mae 0.1500  val_rmse 0.2500  1 samples/s  0:00");
    expect(epochRecord(reg)).toEqual({ epoch: 1, loss: 0.04, mae: 0.125, rmse: 0.2, val_loss: 0.05, val_mae: 0.15, val_rmse: 0.25 });
    expect(epochRecord({ ...reg, val_loss: null, val_metrics: null })).toEqual({ epoch: 1, loss: 0.04, mae: 0.125, rmse: 0.2, val_loss: null, val_mae: null, val_rmse: null });
  });

  it("formats the in-place progress line", () => {
    expect(formatProgressLine(2, 10, 384, 800, 5000, 125, 0.5)).toBe("epoch  2/10 [===========>            ]  48%  5,000 samples/s  ETA 2:05  loss 0.5000");
  });

  it("draws the bar only on a TTY, throttled, and ends each epoch with a line", () => {
    const tty: string[] = [];
    let t = 0;
    const r = renderProgress((s) => tty.push(s), true, 2, 1, () => t);
    r.step(1, 10, 100, 0.1, 1);
    t = 50;
    r.step(1, 20, 100, 0.15, 1); // within 100 ms: skipped
    t = 200;
    r.step(1, 100, 100, 0.2, 0.5);
    r.epochEnd({ epoch: 1, loss: 0.5, metrics: {}, val_loss: null, val_metrics: null }, 0.2, 500);
    expect(tty.length).toBe(3);
    expect(tty[0]!.startsWith("\repoch 1/2 [==>")).toBe(true);
    expect(tty[2]).toBe("\r\u001b[Kepoch 1/2  loss 0.5000  500 samples/s  0:00\n");
    const plain: string[] = [];
    const p = renderProgress((s) => plain.push(s), false, 2, 1, () => 0);
    p.step(1, 10, 100, 0.1, 1);
    p.epochEnd({ epoch: 1, loss: 0.5, metrics: { accuracy: 1 }, val_loss: null, val_metrics: null }, 0.2, 500);
    expect(plain).toEqual(["epoch 1/2  loss 0.5000  acc 100.0%  500 samples/s  0:00\n"]);
  });

  it("writes one JSON object per epoch with --json", () => {
    const out: string[] = [];
    const err: string[] = [];
    const r = jsonReporter((s) => out.push(s), (s) => err.push(s));
    r.step(1, 1, 2, 0, 1);
    r.epochEnd({ epoch: 1, loss: 0.5, metrics: { accuracy: 0.75 }, val_loss: null, val_metrics: null }, 1, 1);
    r.message("hello");
    expect(out).toEqual(['{"epoch":1,"loss":0.5,"accuracy":0.75,"val_loss":null,"val_accuracy":null}\n']);
    expect(err).toEqual(["hello\n"]);
  });
});
