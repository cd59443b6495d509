import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { expectGolden } from "./golden.ts";

const goldenDir = join(import.meta.dirname, "..", "golden", "bad-input");
const dir = mkdtempSync(join(tmpdir(), "nnc-bad-"));

const header = "dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n";

/** Hostile files, generated deterministically (no randomness: the goldens must be stable). */
const cases: Record<string, string | Uint8Array> = {
  "binary-junk": Uint8Array.from({ length: 600 }, (_, i) => (i * 97 + 13) % 256),
  "nul-bytes": `${header}  y = x\u0000 + x\n}\n`,
  "nested-parens": `${header}  y = ${"(".repeat(20000)}x${")".repeat(20000)}\n}\n`,
  "long-line": `${header}  y = ${Array.from({ length: 20000 }, () => "x").join(" + ")} + q\n}\n`,
  "unterminated-string": `${header}  y = x\n}\ntrain M {\n  loss = mean(y)\n  data = csv("data.csv)\n}\n`,
  "stray-unicode": `${header}  y = x × 2 − 1\n}\n`,
  "huge-number": `${header}  y = x * 1e999\n}\n`,
  "empty-file": "",
};

describe("nnc check on hostile input: diagnostics with spans, exit 1, no stack trace", () => {
  for (const [name, content] of Object.entries(cases)) {
    it(name, async () => {
      const file = join(dir, `${name}.nn`);
      writeFileSync(file, content);
      const io = recordingIo({ NO_COLOR: "1" });
      const status = await runCli(["check", file], io);
      const err = io.err.join("").replaceAll(dir, "<tmp>");
      expect(err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      expect(err).not.toContain("E0900");
      if (name === "empty-file") {
        expect(status).toBe(0);
      } else {
        expect(status).toBe(1);
        expect(err).toMatch(/--> <tmp>\/[a-z-]+\.nn:\d+:\d+/);
      }
      expectGolden(join(goldenDir, `${name}.txt`), `exit ${status}\n${err}`);
    });
  }
});
