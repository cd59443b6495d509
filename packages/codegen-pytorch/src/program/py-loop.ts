/**
 * The training loop of the program (Python), as nnc's TrainSession runs it: per epoch the batch order
 * is nnc's seeded shuffle, full batches of `batch` then a last partial one, before every step the
 * schedule's rate for t, loss.backward, clip, optimizer step; the epoch line after every epoch.
 *
 * Under torchrun (WORLD_SIZE/RANK/LOCAL_RANK set) the module is wrapped in DistributedDataParallel:
 * every rank draws the same global batch order and takes its contiguous shard of each global batch.
 * DDP averages the ranks' gradients, so each rank scales its loss by rows_k·W/rows (W ranks, rows the
 * global batch): the average is then the gradient of the global batch's mean — exactly one process's —
 * for every batch, the partial last one included. This assumes a loss that is a mean over the batch's
 * rows (nnc's `mean(cross_entropy(...))`, plus batch-independent terms such as an L2 penalty) and a
 * forward in which rows do not interact; a loss that sums over rows or normalises by something other
 * than the row count (a masked token mean), or a batch norm (each shard's own statistics), gives a
 * gradient that differs from one process's, and the program says why on stderr when torchrun starts it
 * (DDP_DIFFERS, ddp-exact.ts). Buffers (BatchNorm-style running statistics) are per-process: each rank
 * updates them from its shard (broadcast_buffers=False) and rank 0's are saved.
 */
export const PY_LOOP = String.raw`
def fail(message):
    raise DataError(message)


def setup_distributed(device_arg):
    """(rank, world, device): one process, or this process's place under torchrun (gloo on CPU, nccl on CUDA)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = device_arg == "cuda" or (device_arg is None and torch.cuda.is_available())
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    if cuda:
        if not torch.cuda.is_available():
            fail("--device cuda, but torch sees no CUDA device: pass --device cpu")
        torch.cuda.set_device(device)
    if world > 1:
        torch.distributed.init_process_group("nccl" if cuda else "gloo")
    return rank, world, device


def reduce_sum(values, world, device):
    """Sums a list of floats over the ranks (float64, so the sums are exact enough to compare with one process)."""
    if world == 1:
        return values
    t = torch.tensor(values, dtype=torch.float64, device=device)
    torch.distributed.all_reduce(t)
    return t.tolist()


class TrainStep(nn.Module):
    """The module's loss as forward, so DistributedDataParallel can wrap it; its state is the module's, under "m."."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, *inputs):
        return self.m.forward_loss(*inputs)


def metric_count(per_row, out, b, rows):
    """What a metric's sum is divided by for these rows: rows x its values per row, or its own count (nats: real characters)."""
    return per_row(out, b) if callable(per_row) else rows * per_row


def as_tuple(out):
    return out if isinstance(out, tuple) else (out,)


def format_loss(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return f"{v:.3e}" if abs(v) >= 1e4 or (v != 0 and abs(v) < 1e-4) else f"{v:.4f}"


def metric_text(name, v, prefix):
    if name == "accuracy":
        return f"{prefix}acc {100 * v:.1f}%"
    if name.startswith("top_"):
        return f"{prefix}top{name[4:]} {100 * v:.1f}%"
    return f"{prefix}{name} {format_loss(v)}"


def epoch_line(rec, epochs, seconds, rate):
    """As nnc train's: epoch  3/60  loss 0.4123  acc 82.5%  val_loss 0.4001  val_acc 83.0%  12,345 samples/s  0:01"""
    w = len(str(epochs))
    parts = [f"epoch {rec['epoch']:>{w}}/{epochs}", f"loss {format_loss(rec['loss'])}"]
    parts += [metric_text(n, rec[n], "") for n, _, _, _ in METRICS]
    if rec["val_loss"] is not None:
        parts.append(f"val_loss {format_loss(rec['val_loss'])}")
        parts += [metric_text(n, rec["val_" + n], "val_") for n, _, _, _ in METRICS]
    s = round(seconds)
    parts += [f"{round(rate):,} samples/s", f"{s // 60}:{s % 60:02d}"]
    return "  ".join(parts)


def save_checkpoint(path, state):
    """torch.save to a temporary file, then an atomic rename: a crash never leaves half a checkpoint."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            torch.save(state, f)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename, so a power loss leaves the old or the new file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def load_checkpoint(path, device, module):
    """A checkpoint this program wrote, for this model; else a clear error (nnc's E0640/E0641 wording)."""
    try:
        ck = torch.load(path, map_location=device)
    except FileNotFoundError:
        fail(f"cannot read the checkpoint {path}: no such file")
    except Exception as e:
        fail(f"cannot read the checkpoint {path}: not a checkpoint of this program ({type(e).__name__})")
    if not isinstance(ck, dict) or not all(k in ck for k in ("model", "optimizer", "scheduler", "epoch", "rng")):
        fail(f"cannot read the checkpoint {path}: not a checkpoint of this program")
    own = module.state_dict()
    saved = ck["model"]
    problems = [f"{k} is missing" for k in own if k not in saved]
    problems += [f"{k} is not in the model" for k in saved if k not in own]
    problems += [f"{k} has shape {list(saved[k].shape)}, the model {list(v.shape)}" for k, v in own.items() if k in saved and tuple(saved[k].shape) != tuple(v.shape)]
    if problems:
        name = ck.get("nnc", {}).get("model", "another model") if isinstance(ck.get("nnc"), dict) else "another model"
        fail(f"the checkpoint {path} was saved from {name}, not {NNC_INFO['model']}: " + "; ".join(problems[:5]))
    return ck


def evaluate(module, data, batch):
    """Mean loss (weighted by rows) and the metrics over data, in eval mode, batches of batch."""
    module.eval()
    size = next(iter(data.values())).shape[0]
    loss_sum, sums, counts = 0.0, [0.0] * len(METRICS), [0.0] * len(METRICS)
    with torch.no_grad():
        for start in range(0, size, batch):
            b = {k: v[start:start + batch] for k, v in data.items()}
            loss, out = module.forward_loss(*[b[n] for n in INPUT_NAMES])
            rows = min(batch, size - start)
            loss_sum += loss.item() * rows
            out = as_tuple(out)
            for i, (_, measure, per_row, _) in enumerate(METRICS):
                sums[i] += measure(out, b)
                counts[i] += metric_count(per_row, out, b, rows)
    module.train()
    return loss_sum / size, [finish(s / c) for s, c, (_, _, _, finish) in zip(sums, counts, METRICS)]
`;
