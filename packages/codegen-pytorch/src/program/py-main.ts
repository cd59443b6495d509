/**
 * The program's entry point (Python): arguments, data, module, optimizer, schedule, resume, the epoch
 * loop (see py-loop.ts for the data-parallel arithmetic) and checkpoints. It reads the settings block
 * program.ts writes (MODEL_CLASS, INPUTS, EPOCHS, BATCH, SEED, BASE_LR, …) and the table functions
 * (load_data, param_groups, make_optimizer, schedule_rate, clip_gradients, METRICS).
 */
export const PY_MAIN = String.raw`
def parse_args():
    # argparse %-formats help and description text: a % from a path or file name is doubled.
    p = argparse.ArgumentParser(description=DESCRIPTION.replace("%", "%%"), formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--epochs", type=int, default=EPOCHS, help="the last epoch to train")
    p.add_argument("--batch", type=int, default=BATCH, help="the global batch: under torchrun each of the W processes takes batch / W rows of it")
    p.add_argument("--lr", type=float, default=BASE_LR, help="the base learning rate the schedule scales")
    p.add_argument("--seed", type=int, default=SEED, help="the run seed: parameter init (torch's RNG), batch order and dropout")
    p.add_argument("--data-dir", default=None, help="where the data paths of the .nn file are resolved (default: the .nn file's folder, " + NN_DIR.replace("%", "%%") + " from this program)")
    p.add_argument("--checkpoint", default=CHECKPOINT, help="saved after every epoch (atomically); '' saves none")
    p.add_argument("--resume", default=None, help="a checkpoint to continue from (its epoch, optimizer, schedule and batch order)")
    p.add_argument("--device", choices=["cpu", "cuda"], default=None, help="default: cuda when available")
    p.add_argument("--dtype", choices=["float32", "float64"], default=DTYPE, help="the parameters' and float inputs' type")
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many optimizer steps in all (at an epoch's end: after its line and checkpoint)")
    p.add_argument("--json", action="store_true", help="print one JSON object per epoch instead of the epoch line")
    p.add_argument("--log-steps", action="store_true", help="also print each step's loss over the global batch: step T LOSS")
    return p.parse_args()


def train(args, rank, world, device):
    log = print if rank == 0 else (lambda *a, **k: None)
    if world > 1 and DDP_DIFFERS is not None:
        log(f"warning: {DDP_DIFFERS}: the gradient differs from one process's on the same global batch", file=sys.stderr, flush=True)
    dtype = getattr(torch, args.dtype)
    data_dir = args.data_dir if args.data_dir is not None else os.path.join(os.path.dirname(os.path.abspath(__file__)), NN_DIR)
    train_ds, val_ds = load_data(data_dir)
    train_data = {k: v.to(device) for k, v in bind_data(train_ds, INPUTS, dtype).items()}
    val_data = None if val_ds is None else {k: v.to(device) for k, v in bind_data(val_ds, INPUTS, dtype).items()}
    size = train_ds["size"]
    steps_per_epoch = -(-size // args.batch)
    total = args.epochs * steps_per_epoch

    # Parameters are drawn with torch's RNG (the .nn initializers' distributions, not nnc's numbers).
    torch.manual_seed(args.seed)
    module = MODEL_CLASS(dtype=dtype).to(device)
    initial = args.lr if args.lr is not None else 1.0
    optimizer = make_optimizer(param_groups(module), initial)
    # LambdaLR scales the initial rate: factor schedule_rate(t) / initial gives step t the schedule's rate.
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: schedule_rate(t, args.lr, total) / initial)
    rng = NncRng(derive_seed(args.seed, 0x5EED))
    start_epoch = 0
    if args.resume:
        ck = load_checkpoint(args.resume, device, module)
        module.load_state_dict(ck["model"])
        optimizer.load_state_dict(ck["optimizer"])
        scheduler.load_state_dict(ck["scheduler"])
        start_epoch, rng.state = ck["epoch"], list(ck["rng"])
        log(f"resumed from {args.resume} after epoch {start_epoch}", flush=True)
    step_module = TrainStep(module)
    if world > 1:
        step_module = DDP(step_module, device_ids=[device.index] if device.type == "cuda" else None, broadcast_buffers=False)
    params = list(module.parameters())
    module.train()
    steps_done = start_epoch * steps_per_epoch
    for epoch in range(start_epoch + 1, args.epochs + 1):
        torch.manual_seed((derive_seed(args.seed, epoch) + rank) & MASK32)  # dropout masks: per epoch and rank
        order = shuffled(size, rng)
        t0 = time.time()
        loss_sum, sums, counts = 0.0, [0.0] * len(METRICS), [0.0] * len(METRICS)
        for start in range(0, size, args.batch):
            rows = order[start:start + args.batch]
            r = len(rows)
            lo, hi = rank * r // world, (rank + 1) * r // world
            # A rank without rows of a small last batch runs one row with weight 0, so the collectives still match.
            idx = torch.tensor(rows[lo:hi] if hi > lo else rows[:1], dtype=torch.int64, device=device)
            b = {k: v.index_select(0, idx) for k, v in train_data.items()}
            optimizer.zero_grad(set_to_none=True)
            loss, out = step_module(*[b[n] for n in INPUT_NAMES])
            (loss * ((hi - lo) * world / r)).backward()
            if world == 1 and not math.isfinite(loss.item()):
                fail(f"the loss is {loss.item()} at epoch {epoch}, step {start // args.batch + 1}: lower the learning rate or clip gradients")
            clip_gradients(params)
            optimizer.step()
            scheduler.step()
            local = loss.item() * (hi - lo)
            loss_sum += local
            if hi > lo:
                out = as_tuple(out)
                for i, (_, measure, per_row, _) in enumerate(METRICS):
                    sums[i] += measure(out, b)
                    counts[i] += metric_count(per_row, out, b, hi - lo)
            if args.log_steps:
                log(f"step {steps_done} loss {reduce_sum([local], world, device)[0] / r!r}", flush=True)
            steps_done += 1
            if args.max_steps is not None and steps_done >= args.max_steps and start + args.batch < size:
                log(f"stopped after {steps_done} steps (--max-steps), within epoch {epoch}", flush=True)
                return
        seconds = time.time() - t0
        totals = reduce_sum([loss_sum] + sums + counts, world, device)
        rec = {"epoch": epoch, "loss": totals[0] / size}
        for i, (name, _, _, finish) in enumerate(METRICS):
            rec[name] = finish(totals[1 + i] / totals[1 + len(METRICS) + i])
        if not math.isfinite(rec["loss"]):
            fail(f"the loss is {rec['loss']} in epoch {epoch}: lower the learning rate or clip gradients")
        if rank == 0:
            rec["val_loss"] = None
            for name, _, _, _ in METRICS:
                rec["val_" + name] = None
            if val_data is not None:
                rec["val_loss"], values = evaluate(module, val_data, args.batch)
                for (name, _, _, _), v in zip(METRICS, values):
                    rec["val_" + name] = v
            print(json.dumps(rec) if args.json else epoch_line(rec, args.epochs, seconds, size / max(seconds, 1e-9)), flush=True)
            if args.checkpoint:
                state = {"model": module.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "epoch": epoch, "rng": list(rng.state)}
                save_checkpoint(args.checkpoint, {**state, "nnc": NNC_INFO})
        if args.max_steps is not None and steps_done >= args.max_steps:
            log(f"stopped after {steps_done} steps (--max-steps), at the end of epoch {epoch}", flush=True)
            return


def check_settings(args, world):
    """Mistakes found before any process group is joined: every rank finds the same ones and stops."""
    for message in SETUP_ERRORS:
        fail(message)
    if args.batch < 1 or args.batch % world != 0:
        fail(f"the global batch {args.batch} must be a positive multiple of the {world} processes (each takes batch / processes rows): pass --batch")
    if args.lr is None and SCHEDULE_USES_BASE:
        fail("the schedule needs a base learning rate, and none is known: give the optimizer an lr or pass --lr")
    if args.epochs < 1:
        fail(f"--epochs must be at least 1, got {args.epochs}")
    # Checked before training, as nnc train checks --save: not after an epoch's work.
    folder = os.path.dirname(os.path.abspath(args.checkpoint)) if args.checkpoint else None
    if folder is not None and not os.path.isdir(folder):
        fail(f"cannot write the checkpoint {args.checkpoint}: the folder {folder} does not exist")


def main():
    args = parse_args()
    world = 1
    try:
        world = int(os.environ.get("WORLD_SIZE", "1"))
        check_settings(args, world)
        rank, world, device = setup_distributed(args.device)
        train(args, rank, world, device)
    except DataError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        if world > 1 and torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
`;
