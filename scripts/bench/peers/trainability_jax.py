"""The trainability bench's peer: McClean et al.'s circuit (PennyLane's barren-plateau demo:
RY(pi/4) on every qubit, then per layer a rotation about a per-sample random axis on every qubit
and a CZ ladder; cost the |0...0> projector), every parameter's gradient at K random samples,
written the way a researcher would in JAX: a statevector as a (2,)*n tensor, jax.grad, vmap over
samples, jit, float64. One thread (XLA_FLAGS and intra-op parallelism set before jax loads).

usage: python3 trainability_jax.py N L K [BATCH]
prints one JSON line {"n", "L", "K", "seconds", "cpu_seconds", "compile_seconds", "variance"}.
Samples go through vmap in batches of BATCH (default 200, all at once; lower it where the
reverse pass's stored states would not fit in memory) and lax.scan runs the layers with the layer
body rematerialised (jax.checkpoint), so memory is one state per layer and sample.
"""

import os

os.environ["XLA_FLAGS"] = (
    os.environ.get("XLA_FLAGS", "")
    + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
)
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import json
import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)


def one_qubit(state, u, q):
    # contract the gate into axis q, then move the new axis back into place
    return jnp.moveaxis(jnp.tensordot(u, state, axes=((1,), (q,))), 0, q)


def rotation(theta, axis):
    c = jnp.cos(theta / 2)
    s = jnp.sin(theta / 2)
    rx = jnp.array([[c, -1j * s], [-1j * s, c]])
    ry = jnp.array([[c, -s], [s, c]]).astype(jnp.complex128)
    rz = jnp.array([[c - 1j * s, 0], [0, c + 1j * s]])
    return jnp.stack([rx, ry, rz])[axis]


def make_cost(n, depth):
    signs = np.ones((2,) * n)
    for q in range(n - 1):
        idx = np.indices((2,) * n)
        signs = signs * np.where((idx[q] == 1) & (idx[q + 1] == 1), -1.0, 1.0)
    signs = jnp.asarray(signs)
    c, s = np.cos(np.pi / 8), np.sin(np.pi / 8)
    plus = jnp.asarray(np.array([c, s], dtype=np.complex128))
    prep = plus
    for _ in range(n - 1):
        prep = jnp.tensordot(prep, plus, axes=0)

    @jax.checkpoint
    def layer(state, xs):
        thetas, axes = xs
        for q in range(n):
            state = one_qubit(state, rotation(thetas[q], axes[q]), q)
        return state * signs, None

    def cost(params, axes):
        state, _ = jax.lax.scan(layer, prep, (params, axes))
        return jnp.abs(state.reshape(-1)[0]) ** 2

    return cost


def main():
    n, depth, samples = (int(a) for a in sys.argv[1:4])
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else samples
    rng = np.random.default_rng(1)
    params = rng.uniform(0, 2 * np.pi, (samples, depth, n))
    axes = rng.integers(0, 3, (samples, depth, n))
    grad = jax.jit(jax.vmap(jax.grad(make_cost(n, depth)), in_axes=(0, 0)))
    t0 = time.perf_counter()
    grad(params[:batch], axes[:batch]).block_until_ready()
    compile_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    c0 = time.process_time()
    out = [
        grad(params[i : i + batch], axes[i : i + batch]).block_until_ready()
        for i in range(0, samples, batch)
    ]
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    grads = np.concatenate(out)
    print(
        json.dumps(
            {
                "n": n,
                "L": depth,
                "K": samples,
                "batch": batch,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "compile_seconds": compile_seconds,
                "variance": float(grads.reshape(samples, -1).var(axis=0, ddof=1).mean()),
            }
        )
    )


if __name__ == "__main__":
    main()
