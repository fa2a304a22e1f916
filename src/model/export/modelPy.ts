/*
 * The PyTorch script of a model export (modelExport.ts writes it as DIR/model.py): a
 * self-contained statevector rebuild of the network of docs/model.md that loads model.json and the
 * exported test set beside it and prints one JSON line (test_accuracy, max_logit_diff against the
 * logits the lab recorded). Kept as text here so the page and the CLI write the same file;
 * modelExport.test.ts runs it with python3 and torch. No backtick or dollar-brace in the Python.
 */
export const MODEL_PY = String.raw`
#!/usr/bin/env python3
"""A ResQuNN exported by ResQuNN Lab, rebuilt in PyTorch.

Run it as python model.py (or python DIR/model.py): it loads model.json and the test set beside
it, runs the network and prints one JSON line with the test accuracy and the largest difference
from the logits the lab recorded. import model (with this folder on sys.path) gives ResQuNN,
load_model(), load_optimizer() (torch.optim.Adam holding the lab's moments and step count, so the
next step is the one the lab would take) and load_test_set() to continue training (see the lab's
README).

The network (the lab's docs/model.md): each quanv layer slides a k x k window (stride and padding
as configured, same padding as TensorFlow pads) over every channel of its input, encodes window
pixel j by RY(pi * x_j) on qubit j (qubit 0 the most significant bit), runs the layer's circuit (the
gate list in model.json; RX/RY/RZ(t) = exp(-i t sigma / 2)), reads <Z_j> on every qubit and
averages the results over the input channels. Residual edge a-b adds node a's value (h_a, or O_a
under the raw tap) to Q_b's output, pooled (adaptive average) to its size and, between maps of
different channel counts, averaged to one channel and broadcast. The head is a dense layer on the
flattened [height, width, channel] map.
"""
import json
import math
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPE = torch.float64
CDTYPE = torch.complex128


def window_geometry(side, kernel, stride, padding):
    """Output side and the zero rows before and after, as the lab (and TensorFlow) pads."""
    if padding == "valid":
        return (side - kernel) // stride + 1, 0, 0
    out = -(-side // stride)
    total = max((out - 1) * stride + kernel - side, 0)
    return out, total // 2, total - total // 2


def pooling_matrix(source, target, dtype=DTYPE):
    """[target, source]: row i averages the cells floor(i*s/t) .. ceil((i+1)*s/t) - 1."""
    m = torch.zeros(target, source, dtype=dtype)
    for i in range(target):
        start = (i * source) // target
        end = max(start + 1, -(-((i + 1) * source) // target))
        m[i, start:end] = 1.0 / (end - start)
    return m


def match_map(source, shape):
    """Brings source [B, H, W, C] to shape's height, width and channels (residual sums)."""
    _, th, tw, tc = shape
    _, sh, sw, sc = source.shape
    if sh != th or sw != tw:
        rows = pooling_matrix(sh, th, source.dtype)
        cols = pooling_matrix(sw, tw, source.dtype)
        source = torch.einsum("ih,bhwc,jw->bijc", rows, source, cols)
    if sc != tc and sc != 1:
        source = source.mean(dim=3, keepdim=True)
    return source


def rotation(axis, theta):
    """exp(-i theta sigma / 2) as a 2x2 complex matrix (differentiable in theta)."""
    c = torch.cos(theta / 2).to(CDTYPE)
    s = torch.sin(theta / 2).to(CDTYPE)
    zero = torch.zeros((), dtype=CDTYPE)
    if axis == "x":
        return torch.stack([torch.stack([c, -1j * s]), torch.stack([-1j * s, c])])
    if axis == "y":
        return torch.stack([torch.stack([c, -s]), torch.stack([s, c])])
    phase = torch.exp(-0.5j * theta.to(CDTYPE))
    return torch.stack([torch.stack([phase, zero]), torch.stack([zero, phase.conj()])])


class QuanvCircuit:
    """One layer's circuit on a batch of windows: statevector simulation, <Z_j> of every qubit."""

    def __init__(self, layer):
        self.qubits = n = layer["qubits"]
        gates = layer["gates"]
        if [g["op"] for g in gates[:n]] != ["encode"] * n or any(
            g["op"] == "encode" for g in gates[n:]
        ):
            raise ValueError("model.json: a circuit must begin with its n encoding gates")
        self.gates = gates[n:]
        index = torch.arange(2**n)
        bits = [(index >> (n - 1 - q)) & 1 for q in range(n)]
        # <Z_q> = sum over basis states of probability * (+1 or -1 by bit q).
        self.signs = torch.stack([1 - 2 * b for b in bits], dim=1).to(DTYPE)
        # CNOT(c, t) permutes basis states: the amplitude at i comes from i with bit t flipped if bit c is 1.
        self.cnots = {}
        for g in self.gates:
            if g["op"] == "cnot":
                c, t = g["control"], g["target"]
                self.cnots[(c, t)] = index ^ (bits[c] << (n - 1 - t))

    def __call__(self, windows, angles):
        """windows [N, n] (pixel values), angles flat [paramCount] -> <Z> [N, n]."""
        n = self.qubits
        half = math.pi * windows / 2
        amps = torch.stack([torch.cos(half), torch.sin(half)], dim=2)  # [N, n, 2]
        state = amps[:, 0, :]
        for q in range(1, n):
            state = (state[:, :, None] * amps[:, q, None, :]).reshape(windows.shape[0], -1)
        state = state.to(CDTYPE)
        size = 2**n
        for g in self.gates:
            if g["op"] == "cnot":
                state = state[:, self.cnots[(g["control"], g["target"])]]
                continue
            u = rotation(g["axis"], angles[g["param"]])
            q = g["qubit"]
            view = state.reshape(-1, 2**q, 2, size // 2 ** (q + 1))
            state = torch.einsum("ij,bajc->baic", u, view).reshape(-1, size)
        probabilities = state.real**2 + state.imag**2
        return probabilities @ self.signs


class ResQuNN(nn.Module):
    """The exported network; parameters named as in model.json (Q1/angles -> Q1_angles)."""

    def __init__(self, spec, chunk=16384):
        super().__init__()
        self.spec = spec
        self.chunk = chunk
        self.circuits = [QuanvCircuit(layer) for layer in spec["layers"]]
        self.angles = nn.ParameterList()
        for i, layer in enumerate(spec["layers"]):
            values = torch.tensor(spec["parameters"]["Q%d/angles" % (i + 1)]["values"], dtype=DTYPE)
            self.angles.append(nn.Parameter(values, requires_grad=layer["trainable"]))
        head = spec["parameters"]
        shape = head["H/weights"]["shape"]
        self.weights = nn.Parameter(
            torch.tensor(head["H/weights"]["values"], dtype=DTYPE).reshape(shape)
        )
        self.bias = nn.Parameter(torch.tensor(head["H/bias"]["values"], dtype=DTYPE))

    def lab_parameters(self):
        """(name in model.json, parameter) of every parameter: Q1/angles ..., H/weights, H/bias."""
        named = [("Q%d/angles" % (i + 1), p) for i, p in enumerate(self.angles)]
        return named + [("H/weights", self.weights), ("H/bias", self.bias)]

    def quanv(self, index, x):
        """x [B, H, W, C] -> [B, Ho, Wo, k*k]: the circuit on every channel's windows, averaged."""
        layer = self.spec["layers"][index]
        if self.spec["semantics"] == "measured":
            # The paper's setting (the lab's docs/model.md section 4): backpropagation treats a
            # layer's encoding angles as constants; gradient reaches earlier layers only through
            # residual edges.
            x = x.detach()
        k, stride, padding = layer["kernel"], self.spec["stride"], self.spec["padding"]
        b, h, w, c = x.shape
        oh, top, bottom = window_geometry(h, k, stride, padding)
        ow, left, right = window_geometry(w, k, stride, padding)
        planes = x.permute(0, 3, 1, 2).reshape(b * c, 1, h, w)
        planes = nn.functional.pad(planes, (left, right, top, bottom))
        windows = nn.functional.unfold(planes, k, stride=stride)  # [B*C, k*k, positions]
        rows = (h + top + bottom - k) // stride + 1
        cols = (w + left + right - k) // stride + 1
        windows = windows.reshape(b * c, k * k, rows, cols)[:, :, :oh, :ow]
        windows = windows.permute(0, 2, 3, 1).reshape(-1, k * k)  # pixels row-major per window
        circuit, angles = self.circuits[index], self.angles[index]
        z = torch.cat([circuit(part, angles) for part in windows.split(self.chunk)])
        return z.reshape(b, c, oh, ow, k * k).mean(dim=1)

    def forward(self, images):
        """images [B, H, W] or [B, H, W, 1] in [0, 1] -> logits [B, classes]."""
        x = images.to(DTYPE)
        if x.dim() == 3:
            x = x[..., None]
        if self.spec["model"] == "classical":
            return x.reshape(x.shape[0], -1) @ self.weights + self.bias
        merged, outputs = [x], []
        for index in range(len(self.circuits)):
            b = index + 1
            out = self.quanv(index, merged[index])
            outputs.append(out)
            total = out
            for a, to in self.spec["edges"]:
                if to != b:
                    continue
                raw = self.spec["tap"] == "raw" and a > 0
                source = outputs[a - 1] if raw else merged[a]
                total = total + match_map(source, out.shape)
            merged.append(total)
        last = merged[-1]
        return last.reshape(last.shape[0], -1) @ self.weights + self.bias


def load_model(folder=HERE):
    with open(os.path.join(folder, "model.json")) as f:
        spec = json.load(f)
    return ResQuNN(spec), spec


def load_optimizer(net, spec):
    """torch.optim.Adam over net's trainable parameters that continues the lab's Adam: its
    learning rate, betas and epsilon, and per parameter its first and second moments (exp_avg,
    exp_avg_sq) and step count at the exported step. The lab's Adam is torch's update rule
    (bias-corrected moments, epsilon added to the corrected root), so the next step matches the
    lab's within float32 rounding."""
    adam = spec["optimizer"]
    trainable = [(name, p) for name, p in net.lab_parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(
        [p for _, p in trainable], lr=adam["lr"], betas=tuple(adam["betas"]), eps=adam["eps"]
    )
    for name, p in trainable:
        moments = adam["state"].get(name)
        if moments is None:
            continue  # not updated yet: torch starts it at zero, as the lab did
        as_param = lambda values: torch.tensor(values, dtype=p.dtype).reshape(p.shape)
        optimizer.state[p] = {
            "step": torch.tensor(float(adam["step"])),
            "exp_avg": as_param(moments["exp_avg"]),
            "exp_avg_sq": as_param(moments["exp_avg_sq"]),
        }
    return optimizer


def read_floats(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def load_test_set(spec, folder=HERE):
    """The exported test images [N, H, W] (float32 in [0, 1]), labels [N] and recorded logits."""
    test = spec["test"]
    n, side = test["count"], spec["imageSide"]
    images = read_floats(os.path.join(folder, test["images"])).reshape(n, side, side)
    with open(os.path.join(folder, test["labels"]), "rb") as f:
        labels = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).long()
    logits = read_floats(os.path.join(folder, test["logits"])).reshape(n, spec["classes"])
    return images, labels, logits


def main():
    model, spec = load_model()
    images, labels, recorded = load_test_set(spec)
    with torch.no_grad():
        logits = torch.cat([model(part) for part in images.split(50)])
    accuracy = (logits.argmax(dim=1) == labels).double().mean().item()
    diff = (logits - recorded.to(DTYPE)).abs().max().item()
    print(json.dumps({"test_accuracy": accuracy, "max_logit_diff": diff,
                      "recorded_test_accuracy": spec["test"]["accuracy"], "count": len(labels)}))


if __name__ == "__main__":
    main()
`.trimStart();
