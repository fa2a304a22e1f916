import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelExport } from '../../scripts/cli/writeModelExport';
import { validateConfigText } from './configEntry';
import { nodeHost, quietTfjs } from './nodeHost';
import { TrainingRun } from './trainingRun';

/*
 * Training continued in PyTorch picks up where the lab stopped: a run exported after 2 steps, its
 * model.py's load_optimizer (torch.optim.Adam holding the lab's moments and step count) takes
 * step 3 on the same batch, and the parameters equal the lab's own step 3 within float32
 * rounding. The training set is one batch (train = b = 8), so step 3's batch is those 8 images
 * whatever their order. A fresh torch.optim.Adam from the same parameters lands elsewhere, so the
 * moments are what makes the match. torch is required (as for checkpointExport.test.ts).
 */

const CASES: readonly [string, string][] = [
  ['ryrz, residual edges', 'n=2;k=2,2;d=1,1;a=ryrz,ryrz;e=0-2,1-2'],
  [
    'basic 3×3 into strong 2×2, stride 2, frozen angles',
    'n=2;k=3,2;d=2,1;a=basic,strong;s=2;m=frozen',
  ],
];
const SIZES = 'train=8;test=8;b=8;ep=3;lr=0.05';

/** Loads the export, takes one step with the loaded Adam and with a fresh one; prints both gaps. */
const CONTINUE_PY = `
import json, sys, torch
folder = sys.argv[1]
sys.path.insert(0, folder)
import model as exported
expected = json.load(open(folder + "/next-parameters.json"))
count = len(expected["labels"])
images = exported.read_floats(folder + "/batch-images.f32").reshape(count, 14, 14)
labels = torch.tensor(expected["labels"])
def step(loaded):
    net, spec = exported.load_model(folder)
    if loaded:
        optimizer = exported.load_optimizer(net, spec)
    else:
        optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad],
                                     lr=spec["optimizer"]["lr"], eps=spec["optimizer"]["eps"])
    optimizer.zero_grad()
    torch.nn.functional.cross_entropy(net(images), labels).backward()
    optimizer.step()
    gap = 0.0
    for name, p in net.lab_parameters():
        want = torch.tensor(expected["parameters"][name], dtype=p.dtype).reshape(p.shape)
        gap = max(gap, (p.detach() - want).abs().max().item())
    return gap
moved = 0.0
net, spec = exported.load_model(folder)
for name, p in net.lab_parameters():
    want = torch.tensor(expected["parameters"][name], dtype=p.dtype).reshape(p.shape)
    moved = max(moved, (p.detach() - want).abs().max().item())
print(json.dumps({"loaded": step(True), "fresh": step(False), "moved": moved,
                  "adam_step": spec["optimizer"]["step"]}))
`;

const dirs: string[] = [];
const host = nodeHost({ threads: 1 });

beforeAll(async () => {
  const probe = spawnSync('python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      'This test needs python3 with torch (`pip install torch`); `python3 -c "import torch"` failed.',
    );
  }
  quietTfjs();
  await tf.setBackend('cpu');
});

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the PyTorch export carries Adam's state", () => {
  it.each(CASES)(
    "%s: load_optimizer's next step is the lab's next step",
    async (name, text) => {
      const config = validateConfigText(`${text};${SIZES}`);
      if (!config.ok) throw new Error(config.message);
      const data = await host.loadData(() => undefined, 'mnist');
      const run = new TrainingRun(config.config, host.simulator(), data);
      const dir = mkdtempSync(join(tmpdir(), 'resqunn-adam-'));
      dirs.push(dir);
      try {
        await run.step();
        await run.step();
        writeModelExport(dir, await run.exportModel());
        await run.step();
        const next = await run.snapshot();
        expect(next.step).toBe(3);
        const images = data.train.images.slice(0, 8 * 14 * 14);
        writeFileSync(join(dir, 'batch-images.f32'), new Uint8Array(images.buffer));
        writeFileSync(
          join(dir, 'next-parameters.json'),
          JSON.stringify({
            labels: Array.from(data.train.labels.subarray(0, 8)),
            parameters: Object.fromEntries(
              next.parameters.map((p) => [p.name, Array.from(p.values)]),
            ),
          }),
        );
      } finally {
        run.dispose();
      }
      const python = spawnSync('python3', ['-c', CONTINUE_PY, dir], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(python.status, python.stderr).toBe(0);
      const out = JSON.parse(python.stdout.trim()) as {
        loaded: number;
        fresh: number;
        moved: number;
        adam_step: number;
      };
      expect(out.adam_step, name).toBe(2);
      // The step moves parameters by ~lr; the loaded optimizer lands on the lab's within 1e-5.
      expect(out.moved, name).toBeGreaterThan(1e-3);
      expect(out.loaded, name).toBeLessThan(1e-5);
      expect(out.fresh, name).toBeGreaterThan(1e-3);
    },
    300_000,
  );
});
