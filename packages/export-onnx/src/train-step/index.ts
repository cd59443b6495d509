/** The training-step export and its tables. */
export { exportTrainStep, initName, newName, stateName, STEP_INPUT } from "./export-train-step.ts";
export { ONNX_OPTIMIZERS } from "./optimizers.ts";
export { ONNX_SCHEDULES } from "./schedules.ts";
export { ONNX_CLIPS } from "./clips.ts";
export type * from "./rules.ts";
