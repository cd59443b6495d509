/** What emitModule returns besides the code: the module's state, inputs and outputs, for the program around it. */
import type { DType, ParamInit, TensorType } from "@nnc/ir";
import type { PyUnsupportedOp } from "../contract.ts";

export interface PyModuleOptions {
  /** The train section's loss (node id) and extra inputs (labels, targets): adds `forward_loss`. */
  readonly train?: { readonly loss: string; readonly trainInputs: readonly string[] };
}

export interface PyStateEntry {
  /** nnc's id, which is also the state-dict key. */
  readonly id: string;
  readonly kind: "param" | "buffer";
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly init: ParamInit;
}

export interface PyInputEntry {
  /** The `.nn` name (graph input id). */
  readonly name: string;
  /** Its Python argument name. */
  readonly py: string;
  readonly role: "model" | "train";
  readonly type: TensorType;
}

export interface PyModuleResult {
  /** Helper functions and the class; no imports (see `imports`). */
  readonly code: string;
  readonly imports: string;
  readonly className: string;
  readonly state: readonly PyStateEntry[];
  /** forward's arguments (role "model", graph order), then forward_loss's extra ones (role "train", in trainInputs order). */
  readonly inputs: readonly PyInputEntry[];
  /** The output names, in the order forward returns them. */
  readonly outputs: readonly string[];
  /** Non-empty: some node has no PyTorch rule; the code is not usable. */
  readonly unsupported: readonly PyUnsupportedOp[];
}
