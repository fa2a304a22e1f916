"""What both Python peers of `npm run bench` share (numpy only): the circuit's constant tables,
the command line, the default experiment's data, the choice between two ways of running the
circuit by timing both, and the timing of a throughput case.

The circuit is docs/model.md §1/§6's `ryrz`: RY(π·x_j) on |0…0⟩ per qubit (qubit 0 the most
significant bit of a basis index), then per ansatz layer RY(θ) and RZ(φ) on every qubit and the
CNOT ring j → j+1 mod n; the readout ⟨Z_j⟩ per qubit.
"""
import json
import statistics
import sys
import time

import numpy as np


def bits(n):
    """[2ⁿ, n]: bit j of basis index b (qubit 0 the most significant)."""
    b = np.arange(1 << n)[:, None]
    return (b >> (n - 1 - np.arange(n))[None, :]) & 1


def ring_source(n):
    """After the CNOT ring, the amplitude at basis index b came from index source[b]."""
    source = []
    for b in range(1 << n):
        bs = [(b >> (n - 1 - j)) & 1 for j in range(n)]
        # CNOTs are their own inverses: undo the ring in reverse order.
        for j in reversed(range(n)):
            bs[(j + 1) % n] ^= bs[j]
        source.append(sum(bit << (n - 1 - j) for j, bit in enumerate(bs)))
    return np.array(source)


def z_signs(n):
    """[2ⁿ, n] float32: the eigenvalue of Z_j on basis state b."""
    return (1 - 2 * bits(n)).astype(np.float32)


def product_readout_signs(n):
    """[2ⁿ, n]: Z_j's signs with the CNOT ring folded in, for a state that is a product state
    just before the ring (an L = 1 circuit): ⟨Z⟩ = r² @ this, no permutation of the state."""
    signs = z_signs(n)
    folded = np.empty_like(signs)
    folded[ring_source(n)] = signs
    return folded


def pick_fastest(candidates, run_once):
    """The name of the fastest of `candidates` (name → runnable), each timed on its best of three
    warm passes after a first one (compilation, caches): what a careful engineer measures before
    choosing. CPU time, not wall time: on a shared machine another process's burst would
    otherwise decide; one thread either way."""
    best, best_s = None, float("inf")
    for name, fn in candidates.items():
        run_once(fn)
        for _ in range(3):
            start = time.process_time()
            run_once(fn)
            s = time.process_time() - start
            if s < best_s:
                best, best_s = name, s
    return best


def strategies(depth):
    """The ways a peer may run an L-layer circuit: a product state at L = 1; else the whole
    unitary or gate by gate per qubit, the faster of the two chosen by timing (pick_fastest)."""
    return ["product"] if depth == 1 else ["unitary", "per_qubit"]


def time_cases(cases, prepare):
    """Windows per second for each case of `throughput SPEC_JSON`, by the median of `repeats`
    passes after a warm one, wall time and CPU time. prepare(case) gives the case's runnables
    (strategy name → runnable) and step(runnable), one forward and backward pass."""
    rates, chosen, cpu_rates = {}, {}, {}
    for c in cases:
        runs, step = prepare(c)
        strategy = next(iter(runs)) if len(runs) == 1 else pick_fastest(runs, step)
        run = runs[strategy]
        seconds, cpu_seconds = [], []
        for r in range(c["repeats"] + 1):
            start, cpu_start = time.perf_counter(), time.process_time()
            step(run)
            if r > 0:
                seconds.append(time.perf_counter() - start)
                cpu_seconds.append(time.process_time() - cpu_start)
        rates[c["key"]] = c["windows"] / statistics.median(seconds)
        cpu_rates[c["key"]] = c["windows"] / statistics.median(cpu_seconds)
        chosen[c["key"]] = strategy
    # Per CPU second as well: on a shared machine, what another process's load does not change.
    return {"rates": rates, "strategies": chosen, "cpu_rates": cpu_rates}


def timed_epochs(run, repeats):
    """`run` (one whole epoch, with its evaluation) `repeats` times (the bench asks for
    EPOCH_REPEATS, scripts/bench/epoch.ts): the median seconds (a single epoch on a shared machine
    is as noisy as one throughput repeat), every time, and the last run's (train accuracy, test
    accuracy)."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        accuracies = run()
        seconds.append(time.perf_counter() - start)
    train_acc, test_acc = accuracies
    return {
        "seconds": statistics.median(seconds),
        "runs": seconds,
        "train_accuracy": train_acc,
        "test_accuracy": test_acc,
    }


def read_rqmn(path, count):
    """The app's MNIST file (public/data/*.bin): → images [count, 14, 14, 1] float32 in [0, 1]
    (2×2 average pooling of 28×28, as the app downscales) and labels [count] int."""
    data = open(path, "rb").read()
    side = 28
    total = int.from_bytes(data[8:12], "little")
    pixels = np.frombuffer(data, np.uint8, total * side * side, 32).reshape(total, side, side)
    labels = np.frombuffer(data, np.uint8, total, 32 + total * side * side)
    images = pixels[:count].astype(np.float32) / 255
    images = images.reshape(count, 14, 2, 14, 2).mean((2, 4))
    return images[..., None].astype(np.float32), labels[:count].astype(np.int64)


def main(throughput, values, epoch):
    """`throughput SPEC_JSON`, `values SPEC_JSON` or `epoch DATA_DIR [TRAIN TEST REPEATS]`: one JSON
    object on stdout."""
    command = sys.argv[1]
    if command == "throughput":
        out = throughput(json.loads(sys.argv[2]))
    elif command == "values":
        out = values(json.loads(sys.argv[2]))
    elif command == "epoch":
        out = epoch(sys.argv[2], *map(int, sys.argv[3:6]))
    else:
        raise SystemExit(f"unknown command {command!r}: throughput, values or epoch")
    print(json.dumps(out))
