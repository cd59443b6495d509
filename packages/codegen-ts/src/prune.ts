/**
 * Dead locals: a method body declares an array local for every value it touches and re-declares the
 * scalars of earlier phases; the ones nothing reads are dropped here, with the comment lines directly
 * above them, so generated programs pass `tsc --noUnusedLocals`. Only side-effect-free declarations
 * go (`const a = this.buf3;`, `const t9 = rows;`, arithmetic on locals): a declaration whose
 * initializer calls a method of `this`, assigns, or increments is always kept.
 */

const DECL = /^\s*const ([A-Za-z_$][\w$]*) = (.*);$/;
const IMPURE = /this\.(?!buf\d+\b)|[^=!<>]=[^=]|\+\+|--/;
const IDENT = /(?<![\w$.])[A-Za-z_$][\w$]*/g;

const isComment = (line: string): boolean => line.trimStart().startsWith("//");

function identifiers(line: string): string[] {
  return isComment(line) ? [] : (line.match(IDENT) ?? []);
}

/** `lines` without the pure `const` declarations whose name no other line reads (to a fixed point). */
export function pruneDeadLocals(lines: readonly string[]): string[] {
  const uses = new Map<string, number>();
  for (const l of lines) for (const id of identifiers(l)) uses.set(id, (uses.get(id) ?? 0) + 1);
  const removed = new Set<number>();
  const declOf = new Map<number, string>();
  lines.forEach((l, i) => {
    const m = DECL.exec(l);
    if (m !== null && !IMPURE.test(m[2]!)) declOf.set(i, m[1]!);
  });
  let changed = true;
  while (changed) {
    changed = false;
    for (const [i, name] of declOf) {
      // A declaration counts its own name once (`const` is a token too, never a local's name).
      if (removed.has(i) || (uses.get(name) ?? 0) > 1) continue;
      removed.add(i);
      changed = true;
      for (const id of identifiers(lines[i]!)) uses.set(id, (uses.get(id) ?? 0) - 1);
      const indent = /^\s*/.exec(lines[i]!)![0];
      for (let k = i - 1; k >= 0 && isComment(lines[k]!) && /^\s*/.exec(lines[k]!)![0] === indent && !removed.has(k); k--) removed.add(k);
    }
  }
  return lines.filter((_, i) => !removed.has(i));
}
