/** The training-step export and its tables. */
export { exportTrainStep, initName, LOSS_OUTPUT, newName, STEP_INPUT } from "./export-train-step.ts";
export { emitUpdate, stateName, type UpdateParam, type UpdateSettings, type UpdatedParam } from "./update.ts";
export { ONNX_OPTIMIZERS } from "./optimizers.ts";
export { ONNX_SCHEDULES } from "./schedules.ts";
export { ONNX_CLIPS } from "./clips.ts";
export { settingArgs } from "./rules.ts";
export type * from "./rules.ts";
