/**
 * emitModule: the `.nn` model as a readable torch nn.Module — state registered under nnc's ids,
 * initialized as the `.nn` file says, `forward` from the model's inputs to its outputs and, for a
 * training model, `forward_loss` that also takes the train inputs and returns the loss first.
 */
import { graphInputs, nodeMap, type Graph, type Node } from "@nnc/ir";
import { attrString } from "@nnc/ops";
import type { PyModuleInput } from "../api.ts";
import type { PyUnsupportedOp } from "../contract.ts";
import { IdentTable, pyIdentBase } from "../py-text.ts";
import { emitBody } from "./body.ts";
import { initStatement } from "./initializers.ts";
import { moduleEmit } from "./py-emit.ts";
import { PY_HELPERS } from "./py-helpers.ts";
import { sourceLines } from "./source-lines.ts";
import { stateEntries, statePaths } from "./state.ts";
import type { PyInputEntry, PyModuleOptions, PyModuleResult } from "./types.ts";

export const PY_IMPORTS = "import math\n\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n";

/** Python names for the dims, the inputs and every named or multiply-used node (one scope for both methods). */
function nameNodes(g: Graph): { names: Map<string, string>; dimVars: Map<string, string> } {
  const table = new IdentTable();
  const dimVars = new Map(g.dims.map((d) => [d, table.name(d)]));
  const names = new Map<string, string>();
  for (const n of g.nodes) if (!n.id.startsWith("%")) names.set(n.id, table.name(n.id));
  // An anonymous value a buffer takes after a step is named after the buffer: `h1_mean_run_next`.
  for (const u of g.updates ?? []) if (u.value.startsWith("%") && !names.has(u.value)) names.set(u.value, table.name(`${u.buffer}_next`));
  for (const n of g.nodes) if (n.id.startsWith("%") && !names.has(n.id)) names.set(n.id, table.name(`t${n.id.slice(1)}`));
  return { names, dimVars };
}

function inputsOf(g: Graph, names: ReadonlyMap<string, string>, trainInputs: readonly string[]): PyInputEntry[] {
  const all = graphInputs(g).filter((n) => attrString(n.attrs, "role") !== "cotangent");
  const isTrain = (n: Node): boolean => trainInputs.includes(n.id) || attrString(n.attrs, "role") === "train";
  const model = all.filter((n) => !isTrain(n));
  const train = trainInputs.map((id) => all.find((n) => n.id === id)).filter((n): n is Node => n !== undefined);
  for (const n of all) if (isTrain(n) && !train.includes(n)) train.push(n);
  const entry = (n: Node, role: "model" | "train"): PyInputEntry => ({ name: n.id, py: names.get(n.id)!, role, type: n.type });
  return [...model.map((n) => entry(n, "model")), ...train.map((n) => entry(n, "train"))];
}

const indent = (lines: readonly string[], by: string): string[] => lines.map((l) => (l === "" ? l : `${by}${l}`));

export function emitModule(input: PyModuleInput, options: PyModuleOptions = {}): PyModuleResult {
  const g = input.graph;
  const nodes = nodeMap(g);
  const unsupported: PyUnsupportedOp[] = [];
  const { names, dimVars } = nameNodes(g);
  const py = moduleEmit((d) => dimVars.get(d) ?? pyIdentBase(d));
  const source = sourceLines(input.file, input.sourceText);
  const state = stateEntries(g, (p) => unsupported.push({ ...p, op: p.node.op }));
  const inputs = inputsOf(g, names, options.train?.trainInputs ?? []);
  const outIds = input.outputs.map((o) => g.outputs.find((x) => x.name === o)?.id ?? o);
  const modelArgs = inputs.filter((i) => i.role === "model");
  const className = /^[A-Z]/.test(pyIdentBase(input.modelName)) ? pyIdentBase(input.modelName) : `Model_${pyIdentBase(input.modelName)}`;
  const result = (rs: readonly string[]): string => (rs.length === 1 ? rs[0]! : `(${rs.join(", ")})`);

  const paths = statePaths(state.map((s) => s.id), py);
  const base = { graph: g, nodes, names, dimVars, py, state: paths, source, unsupported };
  const fwd = emitBody({ ...base, targets: outIds, args: modelArgs.map((i) => i.name) });
  const methods: string[] = [
    `def forward(self${modelArgs.map((i) => `, ${i.py}`).join("")}):`,
    `    """${input.outputs.length === 1 ? "The output" : "The outputs"} of the model from its inputs (floats in the module's dtype, integer ids and labels as int64)."""`,
    ...indent(fwd.lines, "    "),
    `    return ${result(fwd.results)}`,
  ];
  if (options.train !== undefined) {
    const lossBody = emitBody({ ...base, targets: [options.train.loss, ...outIds], args: inputs.map((i) => i.name) });
    methods.push(
      "",
      `def forward_loss(self${inputs.map((i) => `, ${i.py}`).join("")}):`,
      '    """(loss, outputs): the train section\'s loss and forward\'s outputs, from the model and train inputs."""',
      ...indent(lossBody.lines, "    "),
      `    return ${lossBody.results[0]!}, ${result(lossBody.results.slice(1))}`,
    );
  }

  const init = [
    "def __init__(self, dtype=torch.float32):",
    "    super().__init__()",
    "    # dtype and device follow .to(...): they are read from this empty buffer, which is not saved",
    '    self.register_buffer("_nnc_probe", torch.empty(0, dtype=dtype), persistent=False)',
    ...state.map((s) => {
      const dt = s.dtype === "bool" ? "torch.bool" : s.dtype === "i32" ? "torch.int64" : "dtype";
      return `    ${py.helper("add_state")}(self, ${py.str(s.id)}, torch.empty(${py.shape(s.shape)}, dtype=${dt}), ${s.kind === "param" ? "True" : "False"})`;
    }),
    "    self.reset_parameters()",
    "",
    "@property",
    "def dtype(self):",
    "    return self._nnc_probe.dtype",
    "",
    "@property",
    "def device(self):",
    "    return self._nnc_probe.device",
    "",
    "@torch.no_grad()",
    "def reset_parameters(self):",
    "    # The .nn file's initializers: the same distributions and fans as nnc's, drawn from torch's",
    "    # RNG (seed it with torch.manual_seed) — so not the same numbers as `nnc train` draws.",
    ...state.map((s) => `    ${initStatement(paths.ref(s.id), s.init, s.shape)}`),
    ...(state.length === 0 ? ["    pass"] : []),
  ];
  const body = [...init, "", ...methods];
  const helpers = [...py.helpersUsed].map((h) => PY_HELPERS[h]);
  // Docstring text: only characters that cannot end or escape a """ literal.
  const docText = (t: string): string => t.replace(/[^A-Za-z0-9_. /-]/g, "?");
  const doc = `"""The model \`${docText(input.modelName)}\` of ${docText(input.file.split("/").pop() ?? input.file)}: state-dict keys are nnc's parameter and buffer ids."""`;
  const code = [...helpers.flatMap((h) => [h, "", ""]), `class ${className}(nn.Module):`, `    ${doc}`, "", ...indent(body, "    "), ""].join("\n");
  return { code, imports: PY_IMPORTS, className, state, inputs, outputs: input.outputs, unsupported };
}
