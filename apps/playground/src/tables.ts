/** The training-settings tables the page's controls are generated from (records of @nnc/ops, via the driver). */
// TEMPORARY: from @nnc/ops until @nnc/compiler re-exports them (requests-driver.md); then `from "@nnc/compiler"`.
export { CLIPS, OPTIMIZERS, SCHEDULES, type ArgDef, type SettingDef } from "@nnc/ops";
