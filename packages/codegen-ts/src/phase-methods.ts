/**
 * The private methods that run the phases: runForward(rows, check, training), runLoss and
 * runBackward (the same parameters), and run(rows, check, upTo) that chains them, so the forward
 * pass is written once and evalLoss/trainStep/firstNonFinite's replay reuse it. A parameter a body
 * does not read gets a leading `_` (tsc --noUnusedParameters accepts that).
 */

const IDENT = /(?<![\w$.])[A-Za-z_$][\w$]*/g;

/** Identifiers a body reads outside `//` comments. */
export function identifiersOf(lines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) if (!l.trimStart().startsWith("//")) for (const id of l.match(IDENT) ?? []) out.add(id);
  return out;
}

export interface PhaseMethod {
  readonly name: string;
  readonly lines: readonly string[];
  /** The body reads `training` (dropout). */
  readonly training: boolean;
}

export function phaseMethod(name: string, body: readonly string[], ts: boolean, priv: string): PhaseMethod {
  const ids = identifiersOf(body);
  const param = (p: string, type: string): string => `${ids.has(p) ? p : `_${p}`}${ts ? `: ${type}` : ""}`;
  const sig = `${priv}${name}(${param("rows", "number")}, ${param("check", "boolean")}, ${param("training", "boolean")})${ts ? ": void" : ""} {`;
  return { name, lines: [sig, ...body.map((l) => (l === "" ? l : `  ${l}`)), `}`, ``], training: ids.has("training") };
}

/**
 * Whether run() reads `this.training`: a phase reads `training` (dropout, the `training` value) and the
 * class can run a training step. With the forward phase alone `training` is always false.
 */
export function readsTrainingFlag(phases: readonly PhaseMethod[]): boolean {
  return phases.length > 1 && phases.some((p) => p.training);
}

/**
 * run(rows, check, upTo): upTo 1 forward, 2 + the loss tail, 3 + backward (dropout on when training).
 * In check mode a phase that found a non-finite value stops the chain (this.found ≥ 0).
 */
export function runAllMethod(phases: readonly PhaseMethod[], ts: boolean, priv: string): string[] {
  const training = readsTrainingFlag(phases);
  const body: string[] = [];
  phases.forEach((p, k) => {
    if (k > 0) body.push(`if (upTo === ${k} || (check && this.found >= 0)) return;`);
    body.push(`this.${p.name}(rows, check, ${training ? "upTo === 3 && this.training" : "false"});`);
  });
  const T = (s: string): string => (ts ? s : "");
  const upTo = phases.length > 1 ? "upTo" : "_upTo";
  return [`${priv}run(rows${T(": number")}, check${T(": boolean")}, ${upTo}${T(": number")})${T(": void")} {`, ...body.map((l) => `  ${l}`), `}`, ``];
}
