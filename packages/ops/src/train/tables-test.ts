export { OPTIMIZERS } from "./optimizers.ts";
export { SCHEDULES } from "./schedules.ts";
export { CLIPS } from "./clip.ts";
