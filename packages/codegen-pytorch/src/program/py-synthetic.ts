/**
 * The synthetic 2-D sets (spirals, moons, circles, xor, blobs) in Python, ported from
 * packages/runtime/src/synthetic.ts with nnc's RNG: the same arguments give the same points (stored
 * as float32, as nnc stores them), labels and split as `nnc train`.
 */
export const PY_SYNTHETIC = String.raw`
def _f32(v):
    return float(np.float32(v))


def _spiral(i, k, per_class, rng, classes):
    # Arm k: radius 0.1 -> 1 over three quarters of a turn, arms rotated by 2*pi/classes.
    t = (i + 0.5) / per_class
    r = 0.1 + 0.9 * t
    a = 1.5 * math.pi * t + (2 * math.pi * k) / classes
    return r * math.cos(a), r * math.sin(a)


def _moon(i, k, per_class, rng, classes):
    t = (math.pi * i) / max(1, per_class - 1)
    return (math.cos(t), math.sin(t)) if k == 0 else (1 - math.cos(t), 0.5 - math.sin(t))


def _circle(i, k, per_class, rng, classes):
    t = (2 * math.pi * i) / per_class
    r = 1.0 if k == 0 else 0.5
    return r * math.cos(t), r * math.sin(t)


def _xor_point(i, k, per_class, rng, classes):
    xy = []
    for _ in range(2):
        m = _f32(0.1 + 0.9 * rng.uniform())
        xy.append(-m if rng.uniform() < 0.5 else m)
    return xy[0], xy[1]


def _blob(i, k, per_class, rng, classes):
    a = (2 * math.pi * k) / classes
    return math.cos(a), math.sin(a)


# name: (default noise, default classes, generator, relabel or None)
SYNTHETIC_SETS = {
    "spirals": (0.05, 2, _spiral, None),
    "moons": (0.1, 2, _moon, None),
    "circles": (0.05, 2, _circle, None),
    "xor": (0.0, 2, _xor_point, lambda x, y: 1 if x * y < 0 else 0),
    "blobs": (0.2, 3, _blob, None),
}


def load_synthetic(source, n=1000, noise=None, seed=0, val=0.2, classes=None):
    """n examples split evenly over the classes (the first n mod classes get one more), Gaussian noise per coordinate, then nnc's seeded split."""
    default_noise, default_classes, generate, relabel = SYNTHETIC_SETS[source]
    noise = default_noise if noise is None else noise
    classes = default_classes if classes is None else classes
    rng = NncRng(seed)
    x = np.zeros((n, 2), dtype=np.float32)
    label = np.zeros((n,), dtype=np.int32)
    row = 0
    for k in range(classes):
        per_class = n // classes + (1 if k < n % classes else 0)
        for i in range(per_class):
            gx, gy = generate(i, k, per_class, rng, classes)
            gx, gy = _f32(gx), _f32(gy)
            x[row, 0] = gx + noise * rng.normal()
            x[row, 1] = gy + noise * rng.normal()
            label[row] = k if relabel is None else relabel(gx, gy)
            row += 1
    name = f"{source}(n={n}, noise={noise}, seed={seed})"
    return split_dataset(make_dataset(name, {"x": x, "label": label}), val, seed)
`;
