import { it } from "vitest";
import { stage, trainLosses, seededRandom } from "./v02-models-harness.ts";
function sequences(): string {
  const rand = seededRandom(7);
  const xs: number[][][] = [];
  const label: number[] = [];
  for (let i = 0; i < 320; i++) {
    const seq = Array.from({ length: 32 }, () => [Math.round((2 * rand() - 1) * 1000) / 1000]);
    xs.push(seq);
    label.push(seq.reduce((s, [v]) => s + v!, 0) > 0 ? 1 : 0);
  }
  return JSON.stringify({ xs, label });
}
function idRows(): string {
  const rand = seededRandom(8);
  const ids = Array.from({ length: 320 }, () => Array.from({ length: 6 }, () => Math.floor(rand() * 12)));
  return JSON.stringify({ ids, label: ids.map((r) => r[5]! % 4) });
}
it("x", async () => {
  console.log(JSON.stringify(await trainLosses(stage("lstm.nn", { "seq.json": sequences() }))));
  console.log(JSON.stringify(await trainLosses(stage("embed-slice.nn", { "ids.json": idRows() }))));
  console.log(JSON.stringify(await trainLosses(stage("path-loss.nn"))));
});
