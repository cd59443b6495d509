/**
 * The grammar as chevrotain records it (its GAST: one Rule per parser rule, made of terminals,
 * subrule calls, options, repetitions and alternations), written down as data so that a parser can be
 * built without recording it. Recording runs every rule's body once in a special mode: ≈ 10 ms of
 * each `nnc check` and more in the playground's Worker, for a result that only changes with the
 * grammar. grammar-snapshot.ts holds the snapshot of NnParser's grammar; grammar-snapshot.test.ts
 * checks that it equals what recording gives (and rewrites it with NNC_UPDATE_GOLDEN=1).
 *
 * The snapshot is exhaustive: every own property of every production is kept, and a property of a
 * kind this module does not know (a new chevrotain version's) fails the snapshot rather than being
 * dropped. `referencedRule` (which rule a subrule call names) is left out: chevrotain resolves it
 * from `nonTerminalName` after recording, for recorded and snapshot rules alike.
 */
import {
  Alternation, Alternative, NonTerminal, Option, Repetition, RepetitionMandatory, RepetitionMandatoryWithSeparator, RepetitionWithSeparator, Rule, Terminal,
  type IProduction, type TokenType,
} from "chevrotain";

/** The GAST's production classes by the name a snapshot gives them. */
const KINDS = { Rule, NonTerminal, Terminal, Alternation, Alternative, Option, Repetition, RepetitionMandatory, RepetitionMandatoryWithSeparator, RepetitionWithSeparator } as const;
type Kind = keyof typeof KINDS;

type Scalar = string | number | boolean;

/**
 * One production: its kind, its scalar properties, the names of the tokens it holds (a terminal's
 * `terminalType`, a repetition's `separator`), and its children (`definition`, omitted when empty).
 */
export interface GastNode {
  readonly k: Kind;
  readonly p?: Readonly<Record<string, Scalar>>;
  readonly t?: Readonly<Record<string, string>>;
  readonly d?: readonly GastNode[];
}

/** Properties holding token types (written as token names). */
const TOKEN_PROPS: ReadonlySet<string> = new Set(["terminalType", "separator"]);
/** Properties a snapshot leaves out: the children (written as `d`) and what resolving the grammar fills in. */
const SKIPPED_PROPS: ReadonlySet<string> = new Set(["_definition", "referencedRule"]);

function kindOf(node: object): Kind {
  for (const [name, cls] of Object.entries(KINDS)) if (Object.getPrototypeOf(node) === cls.prototype) return name as Kind;
  throw new Error(`internal: a grammar production of an unknown kind (${node.constructor.name}) cannot be snapshot`);
}

function isTokenType(v: unknown): v is TokenType {
  return typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string" && "tokenTypeIdx" in v;
}

/** The snapshot of one recorded production (and its children). */
export function snapshotNode(node: IProduction | Rule): GastNode {
  const k = kindOf(node);
  const p: Record<string, Scalar> = {};
  const t: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SKIPPED_PROPS.has(key) || value === undefined) continue;
    if (TOKEN_PROPS.has(key) && isTokenType(value)) t[key] = value.name;
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") p[key] = value;
    else throw new Error(`internal: the grammar production ${k} has a property \`${key}\` this snapshot cannot hold`);
  }
  // A subrule call's `definition` is its rule's (chevrotain's getter): only its own children are written.
  const children = k === "NonTerminal" || k === "Terminal" ? [] : ((node as { definition?: readonly IProduction[] }).definition ?? []);
  return {
    k,
    ...(Object.keys(p).length > 0 ? { p } : {}),
    ...(Object.keys(t).length > 0 ? { t } : {}),
    ...(children.length > 0 ? { d: children.map(snapshotNode) } : {}),
  };
}

/**
 * A production built from its snapshot, tokens looked up in `tokens` (by name). Made as the class's
 * constructor would make it (its defaults, then the options given), without the constructor: chevrotain's
 * copies the options through lodash's pickBy, most of building the parser from a snapshot in a cold
 * start. The snapshot holds every own property (the defaults included), so it only has to copy them.
 */
function buildNode(node: GastNode, tokens: ReadonlyMap<string, TokenType>): IProduction {
  const made = Object.create(KINDS[node.k].prototype) as Record<string, unknown>;
  // Terminal is the one kind without children; a subrule call's are its rule's (`definition` is a getter).
  if (node.k !== "Terminal") made["_definition"] = node.k === "NonTerminal" ? [] : (node.d ?? []).map((c) => buildNode(c, tokens));
  Object.assign(made, node.p);
  for (const [key, name] of Object.entries(node.t ?? {})) {
    const token = tokens.get(name);
    if (token === undefined) throw new Error(`internal: the grammar snapshot names a token \`${name}\` the parser does not have`);
    made[key] = token;
  }
  return made as unknown as IProduction;
}

/** The rule `node` (a snapshot of kind Rule) as chevrotain's recording would have made it. */
export function buildRule(node: GastNode, tokens: ReadonlyMap<string, TokenType>): Rule {
  if (node.k !== "Rule") throw new Error(`internal: a grammar snapshot's top level holds a ${node.k}, not a Rule`);
  return buildNode(node, tokens) as unknown as Rule;
}

/** Snapshot rules by their name; a top-level node that is not a named Rule is a damaged snapshot. */
export function rulesByName(nodes: readonly GastNode[]): ReadonlyMap<string, GastNode> {
  const rules = new Map<string, GastNode>();
  for (const node of nodes) {
    const name = node.p?.["name"];
    if (node.k !== "Rule" || typeof name !== "string") throw new Error(`internal: the grammar snapshot holds a ${node.k} without a rule name at its top level`);
    rules.set(name, node);
  }
  return rules;
}
