/** Signature help inside a call: the callee's signature and the parameter the cursor is on. */
import type { Analysis } from "./analysis.ts";
import { itemAt, openCall } from "./context.ts";
import { blockSignature, builtinSignature, FORM_DOCS, librarySignature, settingSignature, type CallSignature } from "./signatures.ts";

export interface SignatureHelp {
  readonly signature: CallSignature;
  /** Index into `signature.params`; -1 when the argument matches no parameter. */
  readonly activeParameter: number;
}

export function signatureHelp(a: Analysis, offset: number): SignatureHelp | undefined {
  const call = openCall(a.text, offset);
  if (call === undefined) return undefined;
  const sig = lookup(a, offset, call.callee);
  if (sig === undefined) return undefined;
  const paramName = (p: string): string => /^[A-Za-z_][A-Za-z0-9_]*/.exec(p)?.[0] ?? p;
  const active = call.named === undefined ? (call.argIndex < sig.params.length ? call.argIndex : -1) : sig.params.findIndex((p) => paramName(p) === call.named);
  return { signature: sig, activeParameter: active };
}

function lookup(a: Analysis, offset: number, callee: string): CallSignature | undefined {
  const block = a.check.ast.items.find((i) => i.kind === "Block" && i.name.name === callee);
  if (block?.kind === "Block") return blockSignature(block, a.text);
  const item = itemAt(a, offset);
  if (item?.kind === "Train") {
    const start = a.text.lastIndexOf("\n", offset - 1) + 1;
    const key = /^\s*([a-z_]+)\s*=/.exec(a.text.slice(start, offset))?.[1];
    const setting = key === undefined ? undefined : settingSignature(key, callee);
    if (setting !== undefined) return setting;
  }
  return builtinSignature(callee) ?? librarySignature(callee) ?? FORM_DOCS[callee];
}
