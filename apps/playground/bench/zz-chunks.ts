import { build } from "vite";
const out = await build({ root: process.cwd(), logLevel: "error", build: { write: false, outDir: "/tmp/pgperf/x" } });
const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; fileName: string; modules?: Record<string, { renderedLength: number }>; code?: string }[] }[];
for (const o of outputs) for (const c of o.output) {
  if (c.type !== "chunk") continue;
  const by = new Map<string, number>();
  for (const [id, m] of Object.entries(c.modules ?? {})) {
    const k = id.replace(/^.*node_modules\//, "nm/").replace(/^(nm\/(@[^/]+\/)?[^/]+|.*\/packages\/[^/]+|.*\/src)\/.*$/, "$1").replace(/^.*\/(packages|apps)\//, "");
    by.set(k, (by.get(k) ?? 0) + m.renderedLength);
  }
  console.log(`${c.fileName} ${(c.code!.length / 1024).toFixed(0)} KiB: ${[...by].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`).join(", ")}`);
}
