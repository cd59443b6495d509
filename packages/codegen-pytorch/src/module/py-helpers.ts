/**
 * Python helper functions the op rules may ask for (`PyEmit.helper(name)`), each defined once at the
 * top of the generated module. Each one states its nnc op's math; autograd differentiates them
 * (every helper is built from differentiable torch ops, so backward-only ops have gradients too).
 */

export const PY_HELPERS = {
  softplus: `def _nnc_softplus(x):
    # log(1 + e^x) = max(x, 0) + log1p(e^-|x|), stable; its derivative is sigmoid(x) everywhere
    return torch.logaddexp(x, torch.zeros_like(x))`,
  cross_entropy: `def _nnc_cross_entropy(logits, labels):
    # per example over the last axis: logsumexp(l) - l[label]
    picked = logits.gather(-1, labels.long().unsqueeze(-1)).squeeze(-1)
    return torch.logsumexp(logits, dim=-1) - picked`,
  dropout_mask: `def _nnc_dropout_mask(training, shape, p, dtype, device):
    # training: 0 with probability p, else 1/(1-p) (E[mask] = 1), drawn from torch's RNG; else ones
    if not training or p == 0:
        return torch.ones(shape, dtype=dtype, device=device)
    return (torch.rand(shape, dtype=dtype, device=device) >= p).to(dtype) / (1 - p)`,
  scatter_add: `def _nnc_scatter_add(ids, upd, rows):
    # z[v, ...] = sum of upd[p, ...] over the positions p with ids[p] = v
    rest = upd.shape[ids.dim():]
    z = torch.zeros((rows, *rest), dtype=upd.dtype, device=upd.device)
    return z.index_add(0, ids.reshape(-1).long(), upd.reshape((-1, *rest)))`,
  conv2d_input_grad: `def _nnc_conv2d_input_grad(dy, k, hw, stride, pad):
    # the transpose of x -> conv2d(x, k): conv_transpose2d, padded out to the input's size hw
    oh, ow = dy.shape[2], dy.shape[3]
    extra = (hw[0] - ((oh - 1) * stride - 2 * pad + k.shape[2]), hw[1] - ((ow - 1) * stride - 2 * pad + k.shape[3]))
    return F.conv_transpose2d(dy, k, stride=stride, padding=pad, output_padding=extra)`,
  conv2d_weight_grad: `def _nnc_conv2d_weight_grad(x, dy, khw, stride, pad):
    # dk[o, c, a, b] = sum over n, i, j of x[n, c, i*s + a - p, j*s + b - p] * dy[n, o, i, j]:
    # a conv of x (channels as batch) with dy (batch as channels), dilated by the stride
    g = F.conv2d(x.transpose(0, 1), dy.transpose(0, 1), padding=pad, dilation=stride)
    return g.transpose(0, 1)[:, :, : khw[0], : khw[1]]`,
  maxpool2d_grad: `def _nnc_maxpool2d_grad(x, dy, size, stride):
    # routes dy to the first maximum of each window of x; overlapping windows accumulate
    _, idx = F.max_pool2d(x.detach(), size, stride, return_indices=True)
    z = torch.zeros_like(x, dtype=dy.dtype).flatten(2)
    return z.scatter_add(2, idx.flatten(2), dy.flatten(2)).reshape(x.shape)`,
  maxpool2d_gather: `def _nnc_maxpool2d_gather(x, g, size, stride):
    # reads g at the first maximum of each window of x
    _, idx = F.max_pool2d(x.detach(), size, stride, return_indices=True)
    return g.flatten(2).gather(2, idx.flatten(2)).reshape(idx.shape)`,
  avgpool2d_grad: `def _nnc_avgpool2d_grad(dy, hw, size, stride):
    # spreads dy / size^2 over each window of an input of size hw; overlaps accumulate
    n, c, oh, ow = dy.shape
    k = torch.full((1, 1, size, size), 1.0 / (size * size), dtype=dy.dtype, device=dy.device)
    extra = (hw[0] - ((oh - 1) * stride + size), hw[1] - ((ow - 1) * stride + size))
    z = F.conv_transpose2d(dy.reshape(n * c, 1, oh, ow), k, stride=stride, output_padding=extra)
    return z.reshape(n, c, hw[0], hw[1])`,
  state: `def _nnc_state(module, path):
    # the parameter or buffer at a dotted state-dict key (any segment text)
    *parents, leaf = path.split(".")
    for p in parents:
        module = module._modules[p]
    return module._parameters[leaf] if leaf in module._parameters else module._buffers[leaf]`,
  add_state: `def _nnc_add_state(module, path, value, parameter):
    # registers under nested containers so that state_dict() keys equal nnc's ids; a container whose
    # children are numbered (a repeat's applications) is an nn.ModuleList, so it can be indexed
    segs = path.split(".")
    for k, p in enumerate(segs[:-1]):
        if p not in module._modules:
            module._modules[p] = nn.ModuleList() if segs[k + 1].isdigit() else nn.Module()
        module = module._modules[p]
    leaf = segs[-1]
    if parameter:
        module._parameters[leaf] = nn.Parameter(value)
    else:
        module._buffers[leaf] = value`,
  set_buffer: `def _nnc_set_buffer(module, path, value):
    # a buffer's new value (a new tensor: the old one may be saved for backward)
    *parents, leaf = path.split(".")
    for p in parents:
        module = module._modules[p]
    module._buffers[leaf] = value`,
} as const;

export type PyHelperName = keyof typeof PY_HELPERS;

export function isHelperName(name: string): name is PyHelperName {
  return Object.hasOwn(PY_HELPERS, name);
}
