import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelExport } from '../../scripts/cli/writeModelExport';
import { exportCheckpoint } from './checkpointExport';
import { validateConfigText } from './configEntry';
import { TrainingRun } from './trainingRun';
import { nodeHost, quietTfjs } from './nodeHost';
import { requireTorch } from './testing/requireTorch';
import { runInNode } from './nodeRunner';
import type { ModelJson } from '../model/export/modelJson';

/*
 * The trained model out: a short run on the real MNIST files, exported from its checkpoint, and
 * the exported model.py run by python3 with torch. For every circuit family, both kernel sizes,
 * stride 2, both paddings, both taps, residual edges between maps of different sizes and channel
 * counts, a frozen model, the classical benchmark and a run with shots: the script's logits are
 * within 1e-4 of the recorded ones and its accuracy is exactly the recorded one, which is the
 * run's own final test accuracy. torch is required: without it this test fails and says so.
 */

const CASES: readonly [string, string][] = [
  ['ryrz, residual edges (chained tap)', 'n=2;k=2,2;d=1,1;a=ryrz,ryrz;e=0-2,1-2'],
  ['strong 3×3 into basic 2×2, raw tap', 'n=2;k=3,2;d=2,1;a=strong,basic;e=0-1,0-2,1-2;tap=raw'],
  ['random, stride 2 (pooled residual sums)', 'n=2;k=2,3;d=2,2;a=random,random;e=0-1,0-2,1-2;s=2'],
  ['basic 3×3, stride 2, valid padding, frozen', 'n=1;k=3;d=2;a=basic;s=2;p=valid;m=frozen'],
  ['the classical benchmark', 'n=1;k=2;m=classical'],
  ['shots (the export records exact logits)', 'n=1;k=2;a=basic;shots=32'],
];
const SIZES = 'train=32;test=40;b=8';

const dirs: string[] = [];
const host = nodeHost({ threads: 1 });

beforeAll(async () => {
  requireTorch();
  quietTfjs();
  await tf.setBackend('cpu');
});

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the PyTorch export', () => {
  it('model.py reproduces the recorded logits within 1e-4 and the accuracy exactly', async () => {
    const exported: { name: string; dir: string; accuracy: number; runAccuracy: number }[] = [];
    for (const [name, config] of CASES) {
      const record = await runInNode(host, `${config};${SIZES}`);
      expect(record.state, name).toBe('done');
      const data = await host.loadData(() => undefined, 'mnist');
      const model = await exportCheckpoint(record.checkpoint, host.simulator(), data);
      const dir = mkdtempSync(join(tmpdir(), 'resqunn-export-'));
      dirs.push(dir);
      writeModelExport(dir, model);
      const runAccuracy = record.epochs.at(-1)?.testAccuracy ?? NaN;
      exported.push({ name, dir, accuracy: model.accuracy, runAccuracy });
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelJson;
      expect(json.test.count).toBe(40);
      expect(json.step).toBe(4);
    }
    // One interpreter runs every folder's script as __main__ (torch imports once).
    const scripts = exported.map((e) => join(e.dir, 'model.py'));
    const run = spawnSync(
      'python3',
      [
        '-c',
        'import runpy, sys\nfor p in sys.argv[1:]: runpy.run_path(p, run_name="__main__")',
        ...scripts,
      ],
      { encoding: 'utf8', timeout: 600_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(CASES.length);
    lines.forEach((line, i) => {
      const { name, accuracy, runAccuracy } = exported[i];
      const out = JSON.parse(line) as { test_accuracy: number; max_logit_diff: number };
      expect(out.max_logit_diff, name).toBeLessThan(1e-4);
      expect(out.test_accuracy, name).toBe(accuracy);
      // The recorded logits give the run's own test accuracy (exact expectation values: not
      // the shot-sampled evaluation of the shots run).
      if (!name.startsWith('shots')) expect(accuracy, name).toBe(runAccuracy);
    });
  }, 900_000);

  it('python DIR/model.py runs on its own and prints one JSON line', () => {
    const dir = dirs[0];
    const run = spawnSync('python3', [join(dir, 'model.py')], { encoding: 'utf8', cwd: tmpdir() });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(lines[0]) as object)).toEqual(
      expect.arrayContaining(['test_accuracy', 'max_logit_diff']),
    );
  }, 300_000);
});

/*
 * Training continued in PyTorch picks up where the lab stopped: a run exported after 2 steps, its
 * model.py's load_optimizer (torch.optim.Adam holding the lab's moments and step count) takes
 * step 3 on the same batch, and the parameters equal the lab's own step 3 within float32
 * rounding. The training set is one batch (train = b = 8), so step 3's batch is those 8 images
 * whatever their order. A fresh torch.optim.Adam from the same parameters lands elsewhere, so the
 * moments are what makes the match.
 */

const ADAM_CASES: readonly [string, string][] = [
  ['ryrz, residual edges', 'n=2;k=2,2;d=1,1;a=ryrz,ryrz;e=0-2,1-2'],
  [
    'basic 3×3 into strong 2×2, stride 2, frozen angles',
    'n=2;k=3,2;d=2,1;a=basic,strong;s=2;m=frozen',
  ],
];
const ADAM_SIZES = 'train=8;test=8;b=8;ep=3;lr=0.05';

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

describe("the PyTorch export carries Adam's state", () => {
  it.each(ADAM_CASES)(
    "%s: load_optimizer's next step is the lab's next step",
    async (name, text) => {
      const config = validateConfigText(`${text};${ADAM_SIZES}`);
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
