"""The JAX peer of `npm run bench`: the quanv circuit as a jit-compiled JAX program, one thread
(XLA_FLAGS=--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1, set here before jax
loads; the bench pins the process to one core with `taskset -c 0` where it exists). The circuit
and the quantity are the bench's: docs/model.md's `ryrz` at depth L on n qubits, ⟨Z_j⟩ per window
and its vector-Jacobian product with a cotangent for the angles and the windows:
`jax.jit` of `jax.vjp` over the batch as the leading axis, complex64 where the state is complex.

The same fusions as torch_peer.py (its header says them): the first layer as a real product
state, L = 1 as ⟨Z⟩ = r² @ S' (the ring folded into the signs), and for L ≥ 2 the faster, timed
per case, of `unitary` (the window-independent rest of the circuit as one 2ⁿ×2ⁿ complex matrix,
applied as one real matmul) and `per_qubit` (each qubit's RY·RZ fused into one 2×2, applied by
einsum on the reshaped complex64 state; the ring as a gather). Compilation happens on the first
(untimed) pass.

  python3 jax_peer.py throughput '[{"key":"quanv4_L2","qubits":4,"depth":2,"windows":4096,"repeats":7}]'
  python3 jax_peer.py values '{"qubits":4,"depth":2,"x":[…],"params":[…],"dz":[…]}'
  python3 jax_peer.py epoch DATA_DIR [TRAIN TEST REPEATS]
"""
import os

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import math  # noqa: E402
from functools import partial  # noqa: E402

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402

from peer_common import bits, main, product_readout_signs, read_rqmn, ring_source, strategies, time_cases, timed_epochs, z_signs  # noqa: E402


def tables(n):
    return {
        "bits": jnp.asarray(bits(n), jnp.float32),
        "source": jnp.asarray(ring_source(n)),
        "signs": jnp.asarray(z_signs(n)),
        "folded": jnp.asarray(product_readout_signs(n)),
    }


def product_state(x, p0):
    half = (p0[:, 0] + math.pi * x) / 2
    c, s = jnp.cos(half), jnp.sin(half)  # [B, n]
    b, n = x.shape
    r = jnp.stack([c[:, 0], s[:, 0]], 1)
    for j in range(1, n):
        r = (r[:, :, None] * jnp.stack([c[:, j], s[:, j]], 1)[:, None, :]).reshape(b, -1)
    return r


def first_phases(t, p0):
    angle = (t["bits"] - 0.5) @ p0[:, 1]
    return jnp.exp(1j * angle.astype(jnp.complex64))


def fused_gates(p):
    c, s = jnp.cos(p[:, 0] / 2), jnp.sin(p[:, 0] / 2)
    e = jnp.exp(-0.5j * p[:, 1].astype(jnp.complex64))
    ec = jnp.conj(e)
    return jnp.stack([jnp.stack([c * e, -s * e], 1), jnp.stack([s * ec, c * ec], 1)], 1)


def expect_z(t, strategy, x, params):
    r = product_state(x, params[0])
    if params.shape[0] == 1:
        return (r * r) @ t["folded"]
    b, n = x.shape
    if strategy == "unitary":
        a = jnp.diag(first_phases(t, params[0]))[t["source"]]
        for layer in params[1:]:
            gates = fused_gates(layer)
            k = gates[0]
            for g in gates[1:]:
                k = jnp.kron(k, g)
            a = (k @ a)[t["source"]]
        psi = r @ jnp.concatenate([a.real.T, a.imag.T], 1)
        re, im = psi[:, : 1 << n], psi[:, 1 << n :]
        return (re * re + im * im) @ t["signs"]
    psi = (r * first_phases(t, params[0]))[:, t["source"]]
    for layer in params[1:]:
        gates = fused_gates(layer)
        for j in range(n):
            view = psi.reshape(b, 1 << j, 2, 1 << (n - j - 1))
            psi = jnp.einsum("ts,bxsy->bxty", gates[j], view).reshape(b, -1)
        psi = psi[:, t["source"]]
    return (psi.real**2 + psi.imag**2) @ t["signs"]


def forward_backward(n, strategy):
    t = tables(n)

    @jax.jit
    def run(x, params, dz):
        z, vjp = jax.vjp(partial(expect_z, t, strategy), x, params)
        gx, gp = vjp(dz)
        return z, gx, gp

    return run


def throughput(cases):
    def prepare(c):
        n, depth, count = c["qubits"], c["depth"], c["windows"]
        rng = np.random.default_rng(c["qubits"] * 100 + c["depth"])
        x = jnp.asarray(rng.random((count, n), np.float32))
        p = jnp.asarray(rng.random((depth, n, 2), np.float32) * 2 * math.pi)
        dz = jnp.asarray(rng.random((count, n), np.float32) - 0.5)

        def step(run):
            jax.block_until_ready(run(x, p, dz))

        return {s: forward_backward(n, s) for s in strategies(depth)}, step

    return time_cases(cases, prepare)


def values(spec):
    n, depth = spec["qubits"], spec["depth"]
    x = jnp.asarray(np.array(spec["x"], np.float32).reshape(-1, n))
    p = jnp.asarray(np.array(spec["params"], np.float32).reshape(depth, n, 2))
    dz = jnp.asarray(np.array(spec["dz"], np.float32).reshape(-1, n))
    out = {}
    for strategy in strategies(depth):
        z, gx, gp = forward_backward(n, strategy)(x, p, dz)
        out[strategy] = {k: np.asarray(v).flatten().tolist() for k, v in (("z", z), ("gx", gx), ("gp", gp))}
    return out


def windows_of(images):
    """[B, H, W, C] → [B·H·W·C, 4]: 2×2 windows, 'same' padding (the extra row/column after)."""
    b, h, w, ch = images.shape
    padded = jnp.pad(images, ((0, 0), (0, 1), (0, 1), (0, 0)))
    win = jnp.stack([padded[:, i : i + h, j : j + w, :] for i in range(2) for j in range(2)], 4)
    return win.reshape(-1, 4), (b, h, w, ch)


def epoch(data_dir, train_count=500, test_count=200, repeats=1):
    """torch_peer.py's epoch in JAX: n=2;k=2,2;e=1-2 (ryrz, L = 1), Adam 0.01 (written out, as
    torch.optim.Adam computes it), batch 16, per-step loss and gradient norms read out, then the
    train/test evaluation. Every shape's step is compiled before the clock starts."""
    xtr, ytr = read_rqmn(f"{data_dir}/mnist-train.bin", train_count)
    xte, yte = read_rqmn(f"{data_dir}/mnist-test.bin", test_count)
    t = tables(4)

    def quanv(images, params):
        win, (b, h, w, ch) = windows_of(images)
        z = expect_z(t, "product", jax.lax.stop_gradient(win), params)
        return z.reshape(b, h, w, ch, 4).mean(3)

    def logits(model, x):
        o1 = quanv(x, model["p1"])
        h2 = quanv(o1, model["p2"]) + o1
        return h2.reshape(x.shape[0], -1) @ model["w"] + model["b"]

    def loss_of(model, x, y):
        lg = logits(model, x)
        return jnp.mean(jax.nn.logsumexp(lg, 1) - jnp.take_along_axis(lg, y[:, None], 1)[:, 0])

    @jax.jit
    def train_step(model, m, v, step, x, y):
        loss, g = jax.value_and_grad(loss_of)(model, x, y)
        b1, b2, lr = 0.9, 0.999, 0.01
        m = jax.tree.map(lambda a, d: b1 * a + (1 - b1) * d, m, g)
        v = jax.tree.map(lambda a, d: b2 * a + (1 - b2) * d * d, v, g)
        c1, c2 = 1 - b1**step, 1 - b2**step
        model = jax.tree.map(lambda w, a, s: w - lr * (a / c1) / (jnp.sqrt(s / c2) + 1e-8), model, m, v)
        return model, m, v, loss, jnp.linalg.norm(g["p1"]), jnp.linalg.norm(g["p2"])

    @jax.jit
    def right(model, x, y):
        return jnp.sum(jnp.argmax(logits(model, x), 1) == y)

    def fresh():
        key = jax.random.PRNGKey(1)
        k1, k2, k3 = jax.random.split(key, 3)
        bound = 1 / math.sqrt(784)
        model = {
            "p1": jax.random.uniform(k1, (1, 4, 2)) * 2 * math.pi,
            "p2": jax.random.uniform(k2, (1, 4, 2)) * 2 * math.pi,
            "w": jax.random.uniform(k3, (784, 10), minval=-bound, maxval=bound),
            "b": jnp.zeros(10),
        }
        zeros = jax.tree.map(jnp.zeros_like, model)
        return model, zeros, zeros

    def accuracy(model, x, y):
        return sum(int(right(model, x[i : i + 64], y[i : i + 64])) for i in range(0, len(x), 64)) / len(x)

    def run():
        model, m, v = fresh()
        for s, i in enumerate(range(0, train_count, 16)):
            model, m, v, loss, n1, n2 = train_step(model, m, v, s + 1, xtr[i : i + 16], ytr[i : i + 16])
            _ = (float(loss), float(n1), float(n2))
        return accuracy(model, xtr, ytr), accuracy(model, xte, yte)

    run()  # compiles every shape the epoch meets
    return timed_epochs(run, repeats)


if __name__ == "__main__":
    main(throughput, values, epoch)
