/**
 * Non-trainable state: `buffer` declarations (a `buffer` source node with an initializer), `next`
 * statements (graph updates applied after each training step, never differentiated) and the built-in
 * name `training` (a `training` source node: a bool scalar, true only in training steps).
 */
import { InternalCompilerError, type Span } from "@nnc/diagnostics";
import type { BufferStmt, NextStmt } from "@nnc/syntax";
import type { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

/** Creates the `buffer` node of `stmt` (named prefix + name) with its initializer. */
export function lowerBuffer(scope: Scope, stmt: BufferStmt): Value {
  throw new InternalCompilerError(`buffer \`${stmt.name.name}\` in ${scope.prefix || "a model"}: not implemented yet`, stmt.span);
}

/** Lowers a `next` statement of the body `scope` (after its bindings) and records the update. */
export function lowerNext(scope: Scope, stmt: NextStmt): void {
  throw new InternalCompilerError(`next \`${stmt.name.name}\` in ${scope.prefix || "a model"}: not implemented yet`, stmt.span);
}

/** The value of the built-in name `training` (when no binding of that name is in scope). */
export function lowerTraining(scope: Scope, span: Span): Value {
  throw new InternalCompilerError(`training in ${scope.prefix || "a model"}: not implemented yet`, span);
}
