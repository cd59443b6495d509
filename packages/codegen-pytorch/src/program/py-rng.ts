/**
 * nnc's seeded random numbers in Python: xoshiro128** seeded through splitmix32, the seed mixer and the
 * Fisher–Yates shuffle, ported line by line from packages/runtime/src/rng.ts so that the program
 * draws the same data, the same split and the same batch order as `nnc train` for the same seeds.
 */
export const PY_RNG = String.raw`
MASK32 = 0xFFFFFFFF


def _imul(a, b):
    # JavaScript's Math.imul(a, b) >>> 0: the low 32 bits of the product.
    return (a * b) & MASK32


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK32


class NncRng:
    """nnc's xoshiro128** (packages/runtime/src/rng.ts): the same seed gives the same stream as nnc train."""

    def __init__(self, seed):
        x = seed & MASK32
        state = []
        for _ in range(4):
            # splitmix32: a bijective mix, so distinct seeds give distinct states.
            x = (x + 0x9E3779B9) & MASK32
            z = _imul(x ^ (x >> 16), 0x85EBCA6B)
            z = _imul(z ^ (z >> 13), 0xC2B2AE35)
            state.append((z ^ (z >> 16)) & MASK32)
        if state == [0, 0, 0, 0]:
            state[0] = 1
        self.state = state

    def next_u32(self):
        s0, s1, s2, s3 = self.state
        result = _imul(_rotl(_imul(s1, 5), 7), 9)
        t = (s1 << 9) & MASK32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 11)
        self.state = [s0, s1, s2, s3]
        return result

    def uniform(self):
        """Uniform in [0, 1) with 32 bits of resolution."""
        return self.next_u32() / 4294967296.0

    def below(self, n):
        """Uniform integer in [0, n) without modulo bias (rejection sampling)."""
        limit = 4294967296 - (4294967296 % n)
        while True:
            u = self.next_u32()
            if u < limit:
                return u % n

    def normal(self):
        """A standard normal sample (Box-Muller; the second of the pair is discarded, as nnc does)."""
        u1 = 1.0 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def derive_seed(seed, stream):
    """A seed derived from a run seed and a stream index (epoch, purpose), as nnc's deriveSeed."""
    h = _imul((seed & MASK32) ^ 0x5BD1E995, 0x27D4EB2D)
    h = _imul(h ^ (stream & MASK32) ^ (h >> 15), 0x165667B1)
    return (h ^ (h >> 13)) & MASK32


def shuffled(n, rng):
    """0..n-1 in the order of nnc's Fisher-Yates shuffle drawing from rng."""
    a = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.below(i + 1)
        a[i], a[j] = a[j], a[i]
    return a
`;
