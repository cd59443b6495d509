import { readFileSync } from "node:fs";

/** nnc's version: the CLI package's (what `nnc --version` prints; the exporters write it as producer). */
export function nncVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
}
