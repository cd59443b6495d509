import { formatEpochLine, type EpochMetrics } from "@nnc/runtime";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape.ts";
import { metricsLine } from "./metric-text.ts";
import { renderReport, type ReportData } from "./page.ts";
import { lineChart, niceTicks } from "./svg-chart.ts";

const EPOCHS: EpochMetrics[] = [
  { epoch: 1, loss: 0.9, val_loss: 0.8, metrics: { accuracy: 0.5, top_2: 0.75 }, val_metrics: { accuracy: 0.55, top_2: 0.8 } },
  { epoch: 2, loss: 0.4123, val_loss: 0.40005, metrics: { accuracy: 0.825, top_2: 0.9 }, val_metrics: { accuracy: 0.83, top_2: 0.95 } },
];

const HOSTILE = `</title><script>alert(1)</script><img src=x onerror="alert('2')">&amp;`;

function data(over: Partial<ReportData> = {}): ReportData {
  return { model: "Net", file: "net.nn", status: { kind: "finished" }, epochs: 2, history: EPOCHS, confusion: null, settings: [["file", "net.nn"]], ...over };
}

describe("the report page", () => {
  it("writes an epoch's metrics exactly as the CLI's epoch line does", () => {
    const regression: EpochMetrics = { epoch: 3, loss: 12345.6, val_loss: null, metrics: { mae: 0.000012, rmse: 2 }, val_metrics: null };
    for (const m of [...EPOCHS, regression]) {
      const line = formatEpochLine(m, 10, 1, 1000);
      expect(`epoch ${String(m.epoch).padStart(2)}/10  ${metricsLine(m)}  1,000 samples/s  0:01`).toBe(line);
    }
    expect(metricsLine(EPOCHS[1]!)).toBe("loss 0.4123  acc 82.5%  top2 90.0%  val_loss 0.4001  val_acc 83.0%  val_top2 95.0%");
  });

  it("escapes every user-derived string: file, model, settings, class names", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const html = renderReport(
      data({
        model: HOSTILE,
        file: HOSTILE,
        status: { kind: "stopped", reason: HOSTILE },
        settings: [[HOSTILE, HOSTILE]],
        confusion: { matrix: { classes: 2, rows: 3, total: 3, names: [HOSTILE, "b"], cells: [[1, 1], [0, 1]] }, split: "validation", epoch: 2 },
      }),
    );
    expect(html).not.toMatch(/<script|<img|onerror="/i);
    expect(html.match(/<title/g)?.length).toBe(html.match(/<\/title>/g)?.length);
    expect(html).toContain("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(&#39;2&#39;)&quot;&gt;&amp;amp;");
    // Nothing may load or run even if escaping failed somewhere.
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it("says which rows the confusion matrix counts, and when they are only the split's first", () => {
    const matrix = { classes: 2, rows: 10_000, total: 60_000, names: null, cells: [[5_000, 0], [0, 5_000]] };
    expect(renderReport(data({ confusion: { matrix, split: "training", epoch: 2 } }))).toContain("Counts on the training split (its first 10000 of 60000 rows; the run has no validation set), after epoch 2.");
    expect(renderReport(data({ confusion: { matrix: { ...matrix, total: 10_000 }, split: "validation", epoch: 1 } }))).toContain("Counts on the validation split (10000 rows), after epoch 1.");
  });

  it("says how the run ended", () => {
    expect(renderReport(data())).toContain('data-status="finished">Finished: trained to epoch 2 of 2.');
    expect(renderReport(data({ epochs: 5, status: { kind: "stopped", reason: "error E0645: the loss is nan" } }))).toContain("<strong>Stopped early</strong> after epoch 2 of 5: error E0645: the loss is nan");
    expect(renderReport(data({ epochs: 5, status: { kind: "running" } }))).toContain("<strong>Not finished</strong>: written after epoch 2 of 5.");
  });

  it("draws one point per epoch and series, with a title for each", () => {
    const svg = lineChart({ id: "c", title: "Loss", firstEpoch: 4, series: [{ name: "training loss", kind: "train", values: [3, 2, 1] }, { name: "validation loss", kind: "val", values: [null, null, null] }], format: String });
    expect(svg.match(/<circle class="point"/g)?.length).toBe(3);
    expect([...svg.matchAll(/data-epoch="(\d+)"/g)].map((m) => m[1])).toEqual(["4", "5", "6"]);
    expect(svg).toContain("<title>training loss, epoch 6: 1</title>");
    expect(svg).not.toContain("validation loss,");
    expect(svg).toContain('role="img" aria-labelledby="c-title c-desc"');
  });

  it("marks every k-th epoch of a long run with a point, and draws at most two vertices per pixel column", () => {
    // 10,000 epochs: a point for epochs 1, 101, …, 9901 and the last; a spike at epoch 5,000 stays on the line.
    const values = Array.from({ length: 10_000 }, (_, i) => (i === 4_999 ? 9 : 1 / (i + 1)));
    const svg = lineChart({ id: "c", title: "Loss", firstEpoch: 1, series: [{ name: "training loss", kind: "train", values }], format: String });
    const epochs = [...svg.matchAll(/data-epoch="(\d+)"/g)].map((m) => Number(m[1]));
    expect(epochs).toEqual([...Array.from({ length: 100 }, (_, k) => 1 + 100 * k), 10_000]);
    const vertices = /<polyline points="([^"]*)"/.exec(svg)![1]!.split(" ").map((p) => p.split(",").map(Number) as [number, number]);
    // x runs from 64 to 624: 561 pixel columns.
    expect(vertices.length).toBeLessThanOrEqual(2 * 561);
    const top = Math.min(...vertices.map(([, y]) => y));
    expect(top).toBeCloseTo(16 + 240 * (0.05 / 1.1), 0);
    expect(svg.length).toBeLessThan(60_000);
  });

  it("puts ticks at round values", () => {
    expect(niceTicks(0.13, 0.92)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
