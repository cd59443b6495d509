import blocks from "../../../examples/blocks.nn?raw";
import charTransformer from "../../../examples/char-transformer.nn?raw";
import cnn from "../../../examples/cnn.nn?raw";
import lstmNames from "../../../examples/lstm-names.nn?raw";
import matvec from "../../../examples/matvec.nn?raw";
import mnistMlp from "../../../examples/mnist-mlp.nn?raw";
import spirals from "../../../examples/spirals.nn?raw";

export interface Example {
  readonly id: string;
  readonly title: string;
  readonly file: string;
  readonly source: string;
}

/** An XOR classifier written for the playground (the repository's examples cover the other sets). */
const xor = `## XOR: the four quadrants of [-1, 1]², label 1 where x·y < 0. Not linearly separable.
dim B

model Xor(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W1: f32[2, 8] = he_uniform()
  param b1: f32[8]    = zeros()
  param W2: f32[8, 2] = glorot_uniform()
  param b2: f32[2]    = zeros()

  h      = relu(x @ W1 + b1)
  logits = h @ W2 + b2
}

train Xor {
  input label: i32[B]
  loss      = mean(cross_entropy(logits, label))
  optimizer = adam(lr = 0.02)
  data      = xor(n = 800)
  batch     = 32
  epochs    = 40
  seed      = 5
}
`;

/** The examples picker, in the order a learner meets them. */
export const EXAMPLES: readonly Example[] = [
  { id: "matvec", title: "b = W·a (the Jacobian)", file: "matvec.nn", source: matvec },
  { id: "spirals", title: "Spirals classifier (2-D)", file: "spirals.nn", source: spirals },
  { id: "xor", title: "XOR classifier (2-D)", file: "xor.nn", source: xor },
  { id: "moons", title: "Moons with blocks (2-D)", file: "blocks.nn", source: blocks },
  { id: "mnist-mlp", title: "Digits MLP", file: "mnist-mlp.nn", source: mnistMlp },
  { id: "cnn", title: "Digits CNN", file: "cnn.nn", source: cnn },
  { id: "char-transformer", title: "Names transformer (text)", file: "char-transformer.nn", source: charTransformer },
  { id: "lstm-names", title: "Names LSTM (text)", file: "lstm-names.nn", source: lstmNames },
];

export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}

/**
 * The example a share link's program opens under (its file name names the program in diagnostics):
 * the one the link names, else matvec. boot.ts's early check and main.ts both use it, so the page's
 * first check is of the same file as the early one and adopts it.
 */
export function exampleForShare(id: unknown): Example {
  return (typeof id === "string" ? exampleById(id) : undefined) ?? exampleById("matvec") ?? EXAMPLES[0]!;
}

/** The share of `e`'s non-blank lines (trimmed) that `text` still has somewhere, in [0, 1]. */
export function keptShare(e: Example, text: string): number {
  const lines = (t: string): string[] => t.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const have = new Set(lines(text));
  const want = lines(e.source);
  return want.length === 0 ? 1 : want.filter((l) => have.has(l)).length / want.length;
}

/** Below this share of the example's lines kept, the text is the user's own program, not an edit. */
export const OWN_PROGRAM_BELOW = 0.5;

/**
 * The picker's label of `e`: its title; "edited: <title without its parenthesis>" once the editor's
 * text differs from it (short enough for a 390 px wide phone); "your program" once fewer than half of
 * the example's lines are left.
 */
export function pickerLabel(e: Example, text: string): string {
  if (text === e.source) return e.title;
  if (keptShare(e, text) < OWN_PROGRAM_BELOW) return "your program";
  return `edited: ${e.title.replace(/\s*\([^)]*\)$/, "")}`;
}

/**
 * Shows in the picker whether the editor still holds `example` (an option per example, `example`
 * selected, labelled by pickerLabel; `data-edited` on the picker says the same to tests and styles).
 */
export function syncPicker(picker: HTMLSelectElement, example: Example, text: string): void {
  for (const option of picker.options) {
    const e = exampleById(option.value);
    if (e === undefined) continue;
    const label = e.id === example.id ? pickerLabel(e, text) : e.title;
    if (option.text !== label) option.text = label;
  }
  if (picker.value !== example.id) picker.value = example.id;
  picker.dataset["edited"] = String(text !== example.source);
}
