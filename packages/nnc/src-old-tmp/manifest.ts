/**
 * The published package.json, made from this workspace's (one place for the name, version, engines and
 * run-time dependencies). The workspace itself is private and has no bin: the repository's `npx nnc`
 * stays the from-source launcher of @nnc/cli, and only the built package (dist/) names `nnc` as a bin.
 */
export interface WorkspaceManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly engines?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
}

export interface PublishedManifest {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /** nnc.js is CommonJS (Node starts it without its ES-module loader); the ES-module chunks are `.mjs`. */
  readonly type: "commonjs";
  readonly bin: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  readonly engines: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** The files of the package besides package.json and README.md (which npm always includes). */
export const PACKAGE_FILES = ["nnc.js", "main.mjs", "chunk-*.mjs", "cli*.cjs", "cli*-v8-*.cache", "runtime-files.json"] as const;

export function publishedManifest(w: WorkspaceManifest): PublishedManifest {
  const dependencies = w.dependencies ?? {};
  // A range would let an install pick a TypeScript the runtime was not tested with.
  for (const [name, version] of Object.entries(dependencies)) {
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`packages/nnc: the dependency ${name} must be pinned to an exact version, not ${JSON.stringify(version)}`);
  }
  return {
    name: w.name,
    version: w.version,
    description: w.description ?? "",
    type: "commonjs",
    bin: { nnc: "./nnc.js" },
    files: [...PACKAGE_FILES],
    engines: w.engines ?? { node: ">=20.19.0" },
    dependencies,
  };
}
