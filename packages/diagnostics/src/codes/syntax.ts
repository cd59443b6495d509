import type { CodeInfo } from "./code-info.ts";

/** E00xx: lexical and syntax errors, reported by `@nnc/syntax`. */
export const SYNTAX_CODES: Readonly<Record<string, CodeInfo>> = {
  E0001: {
    title: "unexpected character",
    explanation: `The source contains a character that is not part of the \`.nn\` language: a stray Unicode symbol,
a control character, or bytes of a binary file. Consecutive unreadable characters are reported once.

Wrong:

    h = x × W        # Unicode multiplication sign

Fix: use the ASCII operator (\`*\` elementwise, \`@\` matrix product), or delete the character.

    h = x @ W`,
  },
  E0002: {
    title: "unterminated string",
    explanation: `A string literal has no closing \`"\` before the end of its line or of the file. Strings cannot
span lines.

Wrong:

    data = csv("train.csv)

Fix: close the string on the same line; write \`\\"\` for a quote inside it.

    data = csv("train.csv")`,
  },
  E0003: {
    title: "unknown escape in a string",
    explanation: `Inside a string, a backslash starts an escape, and only two exist: \`\\"\` (a quote) and \`\\\\\`
(a backslash). Any other character after a backslash is an error.

Wrong:

    data = csv("C:\\data\\train.csv")

Fix: double the backslashes (or use forward slashes).

    data = csv("C:\\\\data\\\\train.csv")`,
  },
  E0004: {
    title: "malformed number",
    explanation: `A number runs straight into a name: an exponent without digits (\`1e\`), or a coefficient written
in math style (\`2x\`). Numbers are \`3\`, \`0.5\`, \`1e-3\`, \`2.5E+4\`.

Wrong:

    y = 2x + 1

Fix: write the multiplication, or complete the exponent.

    y = 2 * x + 1`,
  },
  E0010: {
    title: "expected a declaration",
    explanation: `At the top level of a file only declarations may appear: \`dim\`, \`model\`, \`block\` and \`train\`.
Statements such as bindings and \`param\` belong inside a model or block body.

Wrong:

    dim B
    h = relu(x)

Fix: move the statement into the body of a model or block.

    model Net(x: f32[B, 4]) -> (h: f32[B, 4]) {
      h = relu(x)
    }`,
  },
  E0011: {
    title: "expected a statement",
    explanation: `Inside a model or block body a statement is \`param NAME: T [= init()]\`, \`NAME = expr\` or
\`return expr\`; inside a train section an entry is \`input NAME: T\` or \`key = value\`. Something else was
found where the next statement should start, often because the previous statement ended early (a
missing operator or \`,\`).

Wrong:

    model Net(x: f32[4]) -> (y: f32[4]) {
      relu(x)
      y = x
    }

Fix: bind the value to a name (or remove it).

      h = relu(x)`,
  },
  E0012: {
    title: "expected an expression",
    explanation: `A value was expected — after \`=\`, after a binary operator, or as an argument — and something
else was found: a closing bracket, a keyword, or the start of the next statement.

Wrong:

    logits = h @ W2 +
    loss = mean(logits)

Fix: complete the expression.

    logits = h @ W2 + b2`,
  },
  E0013: {
    title: "expected a name",
    explanation: `A name (an identifier such as \`W1\` or \`hidden_size\`) is required here: after \`model\`,
\`block\`, \`dim\`, \`param\`, \`input\` or \`train\`, and for each input, output or block parameter. Keywords
(\`dim model block param input train return\`) cannot be used as names.

Wrong:

    param input: f32[4]

Fix: choose a name that is not a keyword.

    param w_in: f32[4]`,
  },
  E0014: {
    title: "expected a type",
    explanation: `A type is required after \`:\`. A tensor type is an element type with an optional shape:
\`f32[B, 784]\`, \`i32[B]\`, \`f32\` (a scalar). Block parameters may also have the kinds \`dim\`, \`float\`,
\`int\` and \`bool\`.

Wrong:

    model Net(x: [B, 784]) -> (y: f32[B, 10]) { … }

Fix: write the element type before the shape.

    model Net(x: f32[B, 784]) -> (y: f32[B, 10]) { … }`,
  },
  E0015: {
    title: "unclosed bracket",
    explanation: `A \`(\`, \`[\` or \`{\` was opened and the parser reached a token that neither continues its
contents nor closes it. Either the closing bracket is missing, or a \`,\` or operator is missing between
two items.

Wrong:

    h = relu(x @ W1 + b1
    logits = h @ W2

Fix: close the bracket where the construct ends.

    h = relu(x @ W1 + b1)`,
  },
  E0016: {
    title: "expected `=`",
    explanation: `A binding \`NAME = expr\` (and a train setting \`key = value\`) needs a single \`=\` after the
name. \`==\` is the equality comparison, and \`NAME: T\` declares something only after \`param\` or \`input\`.

Wrong:

    loss == mean(cross_entropy(logits, label))

Fix:

    loss = mean(cross_entropy(logits, label))`,
  },
  E0017: {
    title: "expected `->`",
    explanation: `A model declares its outputs, and a block its result type, after \`->\`.

Wrong:

    model MatVec(a: f32[3]) (b: f32[3]) { … }

Fix:

    model MatVec(a: f32[3]) -> (b: f32[3]) { … }
    block fc(x: f32[N, I], out: dim) -> f32[N, out] { … }`,
  },
  E0018: {
    title: "expected `:` and a type",
    explanation: `Inputs, outputs, block parameters, \`param\` and \`input\` declarations give their type after a
colon: \`NAME: T\`.

Wrong:

    param W f32[3, 3] = zeros()

Fix:

    param W: f32[3, 3] = zeros()`,
  },
  E0019: {
    title: "unexpected token",
    explanation: `The parser found a token that cannot appear at this point of a declaration, for example a
missing \`(\` after a model's name or a missing \`{\` before a body. The message names what was expected.

Wrong:

    model Net -> (y: f32) { … }

Fix: follow the form of the declaration.

    model Net(x: f32) -> (y: f32) { … }`,
  },
  E0020: {
    title: "positional argument after a named argument",
    explanation: `In a call, positional arguments come first and named ones (\`k = v\`) after them. A \`=\`
inside a call always names an argument, so \`where(x = 0, a, b)\` names an argument \`x\` instead of
comparing.

Wrong:

    y = softmax(axis = -1, x)
    z = where(x = 0, a, b)

Fix: put positional arguments first; compare with \`==\`.

    y = softmax(x, axis = -1)
    z = where(x == 0, a, b)`,
  },
  E0021: {
    title: "invalid target of `|>`",
    explanation: `\`x |> f(k = v)\` means \`f(x, k = v)\` and \`x |> f\` means \`f(x)\`: the right side of a pipe
must be a call or a function name. Because \`|>\` binds loosest, \`x |> f + 1\` pipes into \`f + 1\`,
which is not a call.

Wrong:

    y = x |> relu + 1

Fix: parenthesise the pipe, or pipe into a call.

    y = (x |> relu) + 1`,
  },
  E0022: {
    title: "parameter initializer is not a call",
    explanation: `A \`param\` is initialised by calling an initializer: \`zeros()\`, \`ones()\`, \`constant(v)\`,
\`normal(mean = 0, std = 1)\`, \`uniform(low, high)\`, \`glorot_uniform()\`, \`he_normal()\`, \`values([[…]])\`, …
A bare name or a number is not accepted.

Wrong:

    param b: f32[10] = zeros
    param s: f32 = 0.5

Fix:

    param b: f32[10] = zeros()
    param s: f32 = constant(0.5)`,
  },
  E0023: {
    title: "nesting too deep",
    explanation: `Brackets (\`(\` and \`[\`) are nested more than 100 levels deep. The parser refuses such input
instead of risking a stack overflow; the construct is reported once and skipped.

Wrong:

    y = ((((((((((… x …))))))))))     # more than 100 levels

Fix: split the expression into named intermediate bindings.

    a = f(g(x))
    y = h(k(a))`,
  },
  E0024: {
    title: "too many syntax errors",
    explanation: `After 100 syntax errors the parser stops reporting; this note says how many more it found.
So many errors usually mean the file is not a \`.nn\` program (a binary or another language).

Fix: check that the right file was passed, then fix the first errors and parse again.`,
  },
  E0025: {
    title: "expected a dimension",
    explanation: `Inside a shape \`[…]\` each dimension is a whole number, a declared \`dim\` name (or, in a block
signature, a name bound from an argument's shape), or an expression of them with \`+ - * /\` and
parentheses.

Wrong:

    param W: f32[784, ] = zeros()

Fix: write every dimension, or remove the extra \`,\`.

    param W: f32[784, 128] = zeros()`,
  },
  E0026: {
    title: "expression nested too deeply",
    explanation: `An expression, or a dimension expression inside \`[…]\`, nests more than 500 levels. Each unary
\`-\`, each operand right of \`^\`, each \`|>\` stage and each call argument opens a level; a left-to-right
chain such as \`a + b + c + …\` does not, whatever its length. The limit keeps checking and
compiling within a fixed stack; no hand-written model comes near it. The statement is left out,
and the label marks where level 501 starts.

Wrong:

    y = x |> relu |> relu |> … |> relu      # 600 stages
    z = - - - - … - x                       # 600 minus signs

Fix: split the expression into named intermediate bindings, each well under the limit.

    h = x |> relu |> relu      # … up to a few hundred stages
    y = h |> relu |> relu`,
  },
};
