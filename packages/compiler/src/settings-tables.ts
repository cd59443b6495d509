/**
 * The training settings' tables alone (`@nnc/compiler/settings`): optimizers, schedules and clipping
 * with their arguments, for a page's settings controls. This entry reaches none of the compiler's
 * stages (parser, checker, lowering, code generation), so a page that shows the controls does not
 * load them.
 */
export { CLIPS, OPTIMIZERS, SCHEDULES } from "@nnc/ops";
