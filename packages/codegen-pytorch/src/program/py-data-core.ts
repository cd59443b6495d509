/**
 * The data plumbing every program has: data sets as named numpy arrays (dim 0 the examples), nnc's
 * seeded validation split, paths resolved against the `.nn` file's folder, and binding fields to the
 * model's inputs by name (packages/runtime/src/dataset.ts and bind.ts).
 */
export const PY_DATA_CORE = String.raw`
class DataError(Exception):
    """A problem with the training data: printed as one line, without a traceback."""


def make_dataset(name, fields, byte_scale=1.0):
    """fields: name -> numpy array, dim 0 counting the examples. Unsigned bytes bound to a float input are multiplied by byte_scale."""
    sizes = {k: int(v.shape[0]) for k, v in fields.items()}
    if not sizes:
        raise DataError(f"the data set {name} has no fields")
    if len(set(sizes.values())) != 1:
        raise DataError(f"the fields of {name} have different lengths: {sizes}")
    size = next(iter(sizes.values()))
    if size == 0:
        raise DataError(f"the data set {name} is empty")
    return {"name": name, "size": size, "fields": fields, "byte_scale": byte_scale}


def subset(ds, indices, suffix):
    idx = np.asarray(indices, dtype=np.int64)
    return {**ds, "name": ds["name"] + suffix, "size": len(idx), "fields": {k: v[idx] for k, v in ds["fields"].items()}}


def split_dataset(ds, fraction, seed):
    """nnc's seeded split: shuffle with NncRng(seed); the last round(size * fraction) examples are validation."""
    n_val = math.floor(ds["size"] * fraction + 0.5)  # JavaScript's Math.round
    if n_val == 0:
        return ds, None
    if n_val >= ds["size"]:
        raise DataError(f"{ds['name']} has {ds['size']} examples: too few to keep {n_val} for validation")
    order = shuffled(ds["size"], NncRng(seed))
    n_train = ds["size"] - n_val
    return subset(ds, order[:n_train], " [train]"), subset(ds, order[n_train:], " [validation]")


def data_path(path, data_dir):
    """A path from the .nn file: absolute as is, relative to the .nn file's folder (or --data-dir)."""
    return path if os.path.isabs(path) else os.path.join(data_dir, path)


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise DataError(f"cannot read the data file {path}: {e.strerror}")
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def bind_data(ds, inputs, float_dtype):
    """The model's inputs (name, kind, per-example shape) fed from the data's fields by name, as torch tensors."""
    out = {}
    for name, kind, shape in inputs:
        if name not in ds["fields"]:
            have = ", ".join(ds["fields"])
            raise DataError(f"the data {ds['name']} has no field '{name}' for the model's input '{name}' (its fields are {have}; data fields bind to inputs by name)")
        a = ds["fields"][name]
        width = int(np.prod(shape, dtype=np.int64))
        if int(np.prod(a.shape[1:], dtype=np.int64)) != width:
            raise DataError(f"the data field '{name}' has examples of shape {list(a.shape[1:])}, but the model's input needs {list(shape)} per example")
        a = a.reshape((ds["size"],) + tuple(shape))
        if kind == "float":
            t = torch.from_numpy(np.ascontiguousarray(a))
            out[name] = t.to(torch.float64).mul_(ds["byte_scale"]).to(float_dtype) if a.dtype == np.uint8 else t.to(float_dtype)
        else:
            if not np.all(np.equal(np.mod(a, 1), 0)):
                raise DataError(f"the data field '{name}' holds values that are not whole numbers, but the model's input '{name}' is an integer input")
            out[name] = torch.from_numpy(np.ascontiguousarray(a).astype(np.int64)).to(torch.bool if kind == "bool" else torch.int64)
            if LABEL_CLASSES is not None and name == LABEL_CLASSES[0]:
                bad = out[name][(out[name] < 0) | (out[name] >= LABEL_CLASSES[1])]
                if bad.numel() > 0:
                    raise DataError(f"{ds['name']}: label {bad[0].item()} is outside the model's classes 0..{LABEL_CLASSES[1] - 1}: relabel the data, or widen the output")
    return out
`;
