/**
 * nnc's initializers in torch (packages/ops/src/train/initializers.ts is the truth): the same
 * distributions with the same fans, drawn from torch's RNG — so not the same numbers as nnc's stream.
 * Fans: rank 4 [O, C, KH, KW] fan_in = C·KH·KW, fan_out = O·KH·KW; other rank ≥ 2 fan_in, fan_out =
 * the last two dims; rank ≤ 1 both the element count (`fans` from @nnc/ops).
 */
import { fans, type InitKind, type InitOf } from "@nnc/ops";
import { pyNum } from "../py-text.ts";

/** A Python statement that fills tensor `t` (in place, under no_grad) as `init` says. */
type InitPy<K extends InitKind> = (t: string, init: InitOf<K>, f: { fanIn: number; fanOut: number }) => string;

export const INIT_PY: { readonly [K in InitKind]: InitPy<K> } = {
  zeros: (t) => `${t}.zero_()`,
  ones: (t) => `${t}.fill_(1.0)`,
  constant: (t, i) => `${t}.fill_(${pyNum(i.value)})`,
  glorot_uniform: (t, _i, f) => `${t}.uniform_(-math.sqrt(6 / (${f.fanIn} + ${f.fanOut})), math.sqrt(6 / (${f.fanIn} + ${f.fanOut})))`,
  glorot_normal: (t, _i, f) => `${t}.normal_(0.0, math.sqrt(2 / (${f.fanIn} + ${f.fanOut})))`,
  he_uniform: (t, _i, f) => `${t}.uniform_(-math.sqrt(6 / ${f.fanIn}), math.sqrt(6 / ${f.fanIn}))`,
  he_normal: (t, _i, f) => `${t}.normal_(0.0, math.sqrt(2 / ${f.fanIn}))`,
  normal: (t, i) => `${t}.normal_(${pyNum(i.mean)}, ${pyNum(i.std)})`,
  uniform: (t, i) => `${t}.uniform_(${pyNum(i.low)}, ${pyNum(i.high)})`,
  values: (t, i) => `${t}.copy_(torch.tensor([${i.values.map(pyNum).join(", ")}], dtype=${t}.dtype).reshape(${t}.shape))`,
};

export function initStatement<K extends InitKind>(t: string, init: InitOf<K>, shape: readonly number[]): string {
  return (INIT_PY[init.kind] as InitPy<K>)(t, init, fans(shape));
}
