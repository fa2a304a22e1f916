"""The PyTorch peer of `npm run bench`: the quanv circuit as a carefully written batched PyTorch
program, one thread (torch.set_num_threads(1); the bench pins the process to one core with
`taskset -c 0` where it exists). The circuit and the quantity are the bench's: docs/model.md's
`ryrz` at depth L on n qubits, ⟨Z_j⟩ per window, and its vector-Jacobian product with a cotangent
for the angles [L, n, 2] and the windows [B, n] (autograd, `torch.autograd.grad`).

What it fuses (peer_common.py has the tables):
- The first layer is a product state built directly, in real arithmetic: per qubit
  RZ(φ)·RY(θ + π·x)|0⟩ = (cos(a/2)·e^{−iφ/2}, sin(a/2)·e^{iφ/2}), a = θ + π·x, so the state is the
  real product r = ⊗_j (cos(a_j/2), sin(a_j/2)) [B, 2ⁿ] times a phase vector that no window
  changes.
- L = 1: the phases do not change a probability and the CNOT ring only permutes them, so
  ⟨Z⟩ = r² @ S' with the ring folded into the sign table S' (one real [B, 2ⁿ] × [2ⁿ, n] matmul).
- L ≥ 2, the faster of two (timed on the first passes, per case; `strategies` in the output):
  `unitary`: everything after the product state (phases, rings, each qubit's RY·RZ fused into one
  2×2, the 2×2s of a layer as their Kronecker product) is one 2ⁿ×2ⁿ complex matrix A that no
  window changes, built once per call; the windows then cost one real matmul r @ [Re Aᵀ | Im Aᵀ]
  and ⟨Z⟩ = (re² + im²) @ S. `per_qubit`: the complex64 state [B, 2ⁿ], each qubit's fused 2×2
  applied by einsum on the state viewed as [B, 2^j, 2, 2^(n−j−1)], the ring as an index gather.

  python3 torch_peer.py throughput '[{"key":"quanv4_L2","qubits":4,"depth":2,"windows":4096,"repeats":7}]'
  python3 torch_peer.py values '{"qubits":4,"depth":2,"x":[…],"params":[…],"dz":[…]}'
  python3 torch_peer.py epoch DATA_DIR [TRAIN TEST REPEATS]
"""
import math

import torch

from peer_common import bits, main, product_readout_signs, read_rqmn, ring_source, strategies, time_cases, timed_epochs, z_signs

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


class Circuit:
    """The tables of one qubit count, made once."""

    def __init__(self, n):
        self.n = n
        self.bits = torch.tensor(bits(n), dtype=torch.float32)
        self.source = torch.tensor(ring_source(n))
        self.signs = torch.tensor(z_signs(n))
        self.folded_signs = torch.tensor(product_readout_signs(n))

    def product_state(self, x, p0):
        """x [B, n], p0 [n, 2] → the real product r [B, 2ⁿ] of the first layer."""
        half = (p0[:, 0] + math.pi * x) / 2
        amps = torch.stack([torch.cos(half), torch.sin(half)], 2)  # [B, n, 2]
        r = amps[:, 0]
        for j in range(1, self.n):
            r = (r[:, :, None] * amps[:, j, None, :]).reshape(x.shape[0], -1)
        return r

    def first_phases(self, p0):
        """e^{i Σ_j (bit_j − 1/2)·φ_j} [2ⁿ]: the first layer's RZs on each basis state."""
        angle = (self.bits - 0.5) @ p0[:, 1]
        return torch.complex(torch.cos(angle), torch.sin(angle))

    @staticmethod
    def fused_gates(p):
        """p [n, 2] → RZ(φ)·RY(θ) per qubit, complex [n, 2, 2]."""
        c, s = torch.cos(p[:, 0] / 2), torch.sin(p[:, 0] / 2)
        e = torch.complex(torch.cos(p[:, 1] / 2), -torch.sin(p[:, 1] / 2))  # e^{−iφ/2}
        ec = e.conj()
        c, s = c.to(e.dtype), s.to(e.dtype)
        return torch.stack([torch.stack([c * e, -s * e], 1), torch.stack([s * ec, c * ec], 1)], 1)

    def expect_z(self, x, params, strategy):
        r = self.product_state(x, params[0])
        if params.shape[0] == 1:
            return (r * r) @ self.folded_signs
        if strategy == "unitary":
            a = torch.diag(self.first_phases(params[0]))[self.source]
            for layer in params[1:]:
                gates = self.fused_gates(layer)
                k = gates[0]
                for g in gates[1:]:
                    k = torch.kron(k, g)
                a = (k @ a)[self.source]
            w = torch.cat([a.real.T, a.imag.T], 1)  # [2ⁿ, 2·2ⁿ]
            psi = r @ w
            size = 1 << self.n
            re, im = psi[:, :size], psi[:, size:]
            return (re * re + im * im) @ self.signs
        psi = (r * self.first_phases(params[0]))[:, self.source]
        b, n = x.shape
        for layer in params[1:]:
            gates = self.fused_gates(layer)
            for j in range(n):
                view = psi.reshape(b, 1 << j, 2, 1 << (n - j - 1))
                psi = torch.einsum("ts,bxsy->bxty", gates[j], view).reshape(b, -1)
            psi = psi[:, self.source]
        return (psi.real**2 + psi.imag**2) @ self.signs


def throughput(cases):
    def prepare(c):
        g = torch.Generator().manual_seed(c["qubits"] * 100 + c["depth"])
        n, depth, count = c["qubits"], c["depth"], c["windows"]
        circuit = Circuit(n)
        x = torch.rand(count, n, generator=g).requires_grad_()
        p = (torch.rand(depth, n, 2, generator=g) * 2 * math.pi).requires_grad_()
        dz = torch.rand(count, n, generator=g) - 0.5

        def step(strategy):
            z = circuit.expect_z(x, p, strategy)
            return torch.autograd.grad(z, (x, p), dz)

        return {s: s for s in strategies(depth)}, step

    return time_cases(cases, prepare)


def values(spec):
    """⟨Z⟩ and the vector-Jacobian product for given windows, angles and cotangent, per strategy."""
    n, depth = spec["qubits"], spec["depth"]
    circuit = Circuit(n)
    out = {}
    for strategy in strategies(depth):
        x = torch.tensor(spec["x"], dtype=torch.float32).reshape(-1, n).requires_grad_()
        p = torch.tensor(spec["params"], dtype=torch.float32).reshape(depth, n, 2).requires_grad_()
        dz = torch.tensor(spec["dz"], dtype=torch.float32).reshape(-1, n)
        z = circuit.expect_z(x, p, strategy)
        gx, gp = torch.autograd.grad(z, (x, p), dz)
        out[strategy] = {"z": z.flatten().tolist(), "gx": gx.flatten().tolist(), "gp": gp.flatten().tolist()}
    return out


def windows_of(images, k):
    """[B, H, W, C] → [B·H·W·C, k²], 'same' padding (TensorFlow's: the extra row/column after)."""
    b, h, w, ch = images.shape
    before = (k - 1) // 2
    padded = torch.nn.functional.pad(images.permute(0, 3, 1, 2), (before, k - 1 - before, before, k - 1 - before))
    cols = padded.unfold(2, k, 1).unfold(3, k, 1)  # [B, C, H, W, k, k]
    return cols.permute(0, 2, 3, 1, 4, 5).reshape(b * h * w * ch, k * k), (b, h, w, ch)


def epoch(data_dir, train_count=500, test_count=200, repeats=1):
    """The bench's experiment n=2;k=2,2;e=1-2 (ryrz, L = 1): X → Q1 → Q2, h2 = O2 + O1 →
    dense(10), Adam 0.01, batch 16, one epoch and the train/test evaluation; gradients
    `measured` (the encoding is constant data), per-step loss and gradient norms read out."""
    xtr, ytr = (torch.from_numpy(a) for a in read_rqmn(f"{data_dir}/mnist-train.bin", train_count))
    xte, yte = (torch.from_numpy(a) for a in read_rqmn(f"{data_dir}/mnist-test.bin", test_count))
    circuit = Circuit(4)

    def quanv(images, params):
        win, (b, h, w, ch) = windows_of(images, 2)
        z = circuit.expect_z(win.detach(), params, "product")
        return z.reshape(b, h, w, ch, 4).mean(3)

    def run(train_count):
        torch.manual_seed(1)
        p1 = (torch.rand(1, 4, 2) * 2 * math.pi).requires_grad_()
        p2 = (torch.rand(1, 4, 2) * 2 * math.pi).requires_grad_()
        head = torch.nn.Linear(14 * 14 * 4, 10)
        opt = torch.optim.Adam([p1, p2, *head.parameters()], lr=0.01)

        def logits(x):
            o1 = quanv(x, p1)
            h2 = quanv(o1, p2) + o1
            return head(h2.reshape(x.shape[0], -1))

        def accuracy(x, y):
            with torch.no_grad():
                right = sum((logits(x[i : i + 64]).argmax(1) == y[i : i + 64]).sum().item() for i in range(0, len(x), 64))
            return right / len(x)

        for i in range(0, train_count, 16):
            loss = torch.nn.functional.cross_entropy(logits(xtr[i : i + 16]), ytr[i : i + 16])
            opt.zero_grad()
            loss.backward()
            opt.step()
            # Per-step metrics, as the app reports them: loss and per-layer gradient norms.
            _ = (loss.item(), p1.grad.norm().item(), p2.grad.norm().item())
        return accuracy(xtr, ytr), accuracy(xte, yte)

    # One step first: torch.optim's first step imports modules lazily (about a second), no part of
    # training, as the Node epoch's start-up and the JAX peer's compilation are not.
    run(16)
    return timed_epochs(lambda: run(train_count), repeats)


if __name__ == "__main__":
    main(throughput, values, epoch)
