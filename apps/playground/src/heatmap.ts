/** The decision surface of a 2-D classifier with the data drawn over it (train: dots, test: rings). */
import { PLANE } from "./train-protocol.ts";

const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [59, 110, 210],
  [232, 128, 36],
  [46, 160, 90],
  [170, 70, 170],
];

export interface Points {
  readonly xy: Float32Array;
  readonly labels: Int32Array;
  readonly trainSize: number;
}

export interface Surface {
  readonly res: number;
  readonly cls: Uint8Array;
  readonly conf: Float32Array;
}

function rgb(k: number): readonly [number, number, number] {
  return CLASS_RGB[k % CLASS_RGB.length]!;
}

/** Class colour blended toward white as the winning probability falls toward 1/classes. */
function cellColour(k: number, conf: number, classes: number): string {
  const [r, g, b] = rgb(k);
  const base = 1 / classes;
  const t = Math.max(0, Math.min(1, (conf - base) / (1 - base)));
  const a = 0.2 + 0.6 * t;
  const mix = (c: number): number => Math.round(255 * (1 - a) + c * a);
  return `rgb(${mix(r)} ${mix(g)} ${mix(b)})`;
}

export function drawHeatmap(canvas: HTMLCanvasElement, surface: Surface | null, points: Points | null, classes: number): void {
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  const W = canvas.width;
  const H = canvas.height;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  if (surface !== null) {
    const cw = W / surface.res;
    const ch = H / surface.res;
    for (let i = 0; i < surface.res * surface.res; i++) {
      ctx.fillStyle = cellColour(surface.cls[i]!, surface.conf[i]!, classes);
      ctx.fillRect(Math.floor((i % surface.res) * cw), Math.floor(Math.floor(i / surface.res) * ch), Math.ceil(cw), Math.ceil(ch));
    }
  }
  if (points === null) return;
  const sx = (x: number): number => ((x - PLANE.lo) / (PLANE.hi - PLANE.lo)) * W;
  const sy = (y: number): number => ((PLANE.hi - y) / (PLANE.hi - PLANE.lo)) * H;
  for (let i = 0; i < points.labels.length; i++) {
    const [r, g, b] = rgb(points.labels[i]!);
    ctx.beginPath();
    ctx.arc(sx(points.xy[2 * i]!), sy(points.xy[2 * i + 1]!), i < points.trainSize ? 1.8 : 2.6, 0, 2 * Math.PI);
    if (i < points.trainSize) {
      ctx.fillStyle = `rgb(${r} ${g} ${b})`;
      ctx.fill();
    } else {
      ctx.strokeStyle = `rgb(${r} ${g} ${b})`;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }
}
