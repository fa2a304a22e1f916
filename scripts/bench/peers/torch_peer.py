"""The strong peer of `npm run bench`: the same quanv circuit as a plain batched PyTorch program.

A straightforward implementation a researcher would write: windows are the batch dimension, the
state is a complex64 tensor [B, 2, …, 2] (qubit 0 the most significant axis), gates act by
einsum / index permutation, and autograd computes every gradient (angles and, under `exact`,
the encoded inputs). One thread (torch.set_num_threads(1)), like the kernel it is compared with.

  python3 torch_peer.py throughput '[{"key":"quanv4_L2","qubits":4,"depth":2,"windows":4096,"repeats":7}]'
  python3 torch_peer.py epoch DATA_DIR [TRAIN TEST]

Prints one JSON object on stdout.
"""
import json
import math
import statistics
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_num_interop_threads(1)


def rotate(state, q, n, u00, u01, u10, u11):
    """A one-qubit gate [[u00, u01], [u10, u11]] on qubit q of state [B, 2ⁿ] (entries broadcast
    against [B, 1, 1]): a reshape to [B, 2^q, 2, 2^(n-q-1)] and two multiply-adds, no copies."""
    s = state.reshape(state.shape[0], 1 << q, 2, 1 << (n - q - 1))
    s0, s1 = s[:, :, 0], s[:, :, 1]
    return torch.stack([u00 * s0 + u01 * s1, u10 * s0 + u11 * s1], 2).reshape(state.shape)


def ring_permutation(n):
    """Basis index b → the index whose amplitude lands on b after the CNOT ring j → j+1 mod n."""
    source = []
    for b in range(1 << n):
        bits = [(b >> (n - 1 - j)) & 1 for j in range(n)]
        # Undo the ring: CNOTs are their own inverses, applied in reverse order.
        for j in reversed(range(n)):
            bits[(j + 1) % n] ^= bits[j]
        source.append(sum(bit << (n - 1 - j) for j, bit in enumerate(bits)))
    return torch.tensor(source)


def expect_z(windows, params):
    """windows [B, n] in [0, 1], params [L, n, 2] → ⟨Z_j⟩ [B, n] (docs/model.md's ryrz circuit)."""
    b, n = windows.shape
    # The encoding RY(π·x_j) on |0…0⟩ is a product of real one-qubit states.
    half = math.pi * windows / 2
    state = torch.ones(b, 1)
    for j in range(n):
        state = torch.stack([state * torch.cos(half[:, j : j + 1]), state * torch.sin(half[:, j : j + 1])], 2).reshape(b, -1)
    state = state.to(torch.complex64)
    source = ring_permutation(n)
    for l in range(params.shape[0]):
        for j in range(n):
            c, s = torch.cos(params[l, j, 0] / 2), torch.sin(params[l, j, 0] / 2)
            state = rotate(state, j, n, c, -s, s, c)
            e = torch.polar(torch.ones(()), params[l, j, 1] / 2)
            state = rotate(state, j, n, e.conj(), 0, 0, e)
        state = state[:, source]
    probs = state.real**2 + state.imag**2
    idx = torch.arange(1 << n)
    signs = torch.stack([1 - 2 * ((idx >> (n - 1 - j)) & 1) for j in range(n)], 1).to(torch.float32)
    return probs @ signs


def throughput(cases):
    out = {}
    for c in cases:
        g = torch.Generator().manual_seed(c["qubits"] * 100 + c["depth"])
        n, depth, count = c["qubits"], c["depth"], c["windows"]
        x = torch.rand(count, n, generator=g).requires_grad_()
        p = (torch.rand(depth, n, 2, generator=g) * 2 * math.pi).requires_grad_()
        dz = torch.rand(count, n, generator=g) - 0.5
        seconds = []
        for r in range(c["repeats"] + 1):
            start = time.perf_counter()
            z = expect_z(x, p)
            gx, gp = torch.autograd.grad(z, (x, p), dz)
            if r > 0:
                seconds.append(time.perf_counter() - start)
        out[c["key"]] = count / statistics.median(seconds)
    return out


def read_rqmn(path, count):
    data = open(path, "rb").read()
    rows, cols = 28, 28
    total = int.from_bytes(data[8:12], "little")
    pixels = torch.frombuffer(bytearray(data[32 : 32 + total * rows * cols]), dtype=torch.uint8)
    labels = torch.frombuffer(bytearray(data[32 + total * rows * cols : 32 + total * rows * cols + total]), dtype=torch.uint8)
    images = pixels.reshape(total, 1, rows, cols)[:count].float() / 255
    images = torch.nn.functional.avg_pool2d(images, 2)  # 14×14
    return images.permute(0, 2, 3, 1).contiguous(), labels[:count].long()


def windows_of(images, k):
    """[B, H, W, C] → [B·H·W·C, k²], 'same' padding (TensorFlow's: the extra row/column after)."""
    b, h, w, ch = images.shape
    total = k - 1
    before = total // 2
    padded = torch.nn.functional.pad(images.permute(0, 3, 1, 2), (before, total - before, before, total - before))
    cols = padded.unfold(2, k, 1).unfold(3, k, 1)  # [B, C, H, W, k, k]
    return cols.permute(0, 2, 3, 1, 4, 5).reshape(b * h * w * ch, k * k), (b, h, w, ch)


def quanv(images, params, k):
    win, (b, h, w, ch) = windows_of(images, k)
    z = expect_z(win.detach(), params)  # 'measured': the encoding is constant data
    return z.reshape(b, h, w, ch, k * k).mean(3)


def epoch(data_dir, train_count=500, test_count=200):
    """docs/model.md's default experiment n=2;k=2,2;e=1-2: X → Q1 → Q2, h2 = O2 + O1 → dense(10)."""
    torch.manual_seed(1)
    xtr, ytr = read_rqmn(f"{data_dir}/mnist-train.bin", train_count)
    xte, yte = read_rqmn(f"{data_dir}/mnist-test.bin", test_count)
    p1 = (torch.rand(1, 4, 2) * 2 * math.pi).requires_grad_()
    p2 = (torch.rand(1, 4, 2) * 2 * math.pi).requires_grad_()
    head = torch.nn.Linear(14 * 14 * 4, 10)
    opt = torch.optim.Adam([p1, p2, *head.parameters()], lr=0.01)

    def logits(x):
        o1 = quanv(x, p1, 2)
        h2 = quanv(o1, p2, 2) + o1
        return head(h2.reshape(x.shape[0], -1))

    def accuracy(x, y):
        with torch.no_grad():
            return sum((logits(x[i : i + 64]).argmax(1) == y[i : i + 64]).sum().item() for i in range(0, len(x), 64)) / len(x)

    start = time.perf_counter()
    for i in range(0, train_count, 16):
        loss = torch.nn.functional.cross_entropy(logits(xtr[i : i + 16]), ytr[i : i + 16])
        opt.zero_grad()
        loss.backward()
        opt.step()
        # Per-step metrics, as the app reports them: loss, batch accuracy, per-layer gradient norms.
        _ = (loss.item(), p1.grad.norm().item(), p2.grad.norm().item())
    train_acc, test_acc = accuracy(xtr, ytr), accuracy(xte, yte)
    return {"seconds": time.perf_counter() - start, "train_accuracy": train_acc, "test_accuracy": test_acc}


if __name__ == "__main__":
    if sys.argv[1] == "throughput":
        print(json.dumps(throughput(json.loads(sys.argv[2]))))
    else:
        print(json.dumps(epoch(sys.argv[2], *map(int, sys.argv[3:5]))))
