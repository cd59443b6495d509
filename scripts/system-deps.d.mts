// Types for system-deps.mjs (plain JavaScript so `pretest` runs before anything is built).
export interface Requirement {
  readonly name: string;
  readonly packages: readonly string[];
  readonly why: string;
}
export interface SystemFacts {
  readonly missing: readonly string[];
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  readonly hasSudo: boolean;
  readonly optOut: string | undefined;
}
export interface SystemPlan {
  readonly kind: "ok" | "skip" | "install" | "stop";
  readonly packages: readonly string[];
  readonly command: string;
  readonly message: string;
}
export declare const REQUIREMENTS: readonly Requirement[];
export declare const OPT_OUT: "NNC_SYSTEM_DEPS";
export declare function planSystemDeps(facts: SystemFacts): SystemPlan;
export declare function probeMissing(env?: Readonly<Record<string, string | undefined>>): string[];
