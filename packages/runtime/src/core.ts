/**
 * The browser-safe core of the runtime (no `node:` imports, directly or through what it re-exports;
 * core-graph.test.ts checks it): what the playground and Node share — settings, the compiled-model
 * contract, the RNG, synthetic data sets, splitting, binding, metrics, schedules, the step-wise
 * trainer and its loop, progress formatting, program-info types and sampling from character models. The Node adapter (files, MNIST,
 * checkpoints, progress on a terminal, runTraining) is the package's main entry (index.ts).
 */
export * from "./settings.ts";
export * from "./compiled-model.ts";
export * from "./rng.ts";
export * from "./data-error.ts";
export * from "./data-args.ts";
export * from "./data-spec.ts";
export * from "./dataset.ts";
export * from "./synthetic.ts";
export * from "./bind.ts";
export * from "./metrics.ts";
export * from "./schedules.ts";
export * from "./non-finite.ts";
export * from "./train-session.ts";
export * from "./train-loop.ts";
export * from "./progress.ts";
export * from "./program-info.ts";
export * from "./json-text.ts";
export * from "./train-plan.ts";
export * from "./terminal-text.ts";
export * from "./sample.ts";
export * from "./text-vocab.ts";
