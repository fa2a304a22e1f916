// `npm run trainability -- --circuit mcclean --qubits 2-12 --depth 1,5,20 --cost projector
//   --samples 200 [--init uniform|small|identity] [--seed S] [--threads 1|2] [--json FILE] [--csv FILE]`
// Barren plateaus measured: Var[∂C/∂θ] over K random initialisations for every (n, L, cost), the
// exact gradient of every parameter by the adjoint method, and the fitted decay per qubit. The
// same computation as the app's Trainability view (src/model/trainability/study.ts).
import { writeFileSync } from 'node:fs';
import { COSTS, type Cost } from '../src/sim/trainability/costs';
import { INITS, type Init } from '../src/sim/trainability/sampler';
import { CIRCUIT_CHOICES, validateSettings } from '../src/model/trainability/settings';
import { TrainabilityStudy } from '../src/model/trainability/study';
import { studyCsv, studyJson } from '../src/model/trainability/studyExport';
import { parseNumberList } from '../src/model/trainability/settingsText';
import { startNodeSampleThread } from '../src/sim/trainability/sampleThreadsNode';
import { ProgressBar } from './cli/progressBar';
import { choiceFlag, intFlag, parseCli, runCli, UsageError } from './cli/args';
import { DATA_FLAGS, DATA_USAGE } from './cli/configFlags';

const USAGE = `usage: npm run trainability -- --circuit ${CIRCUIT_CHOICES.join('|')}
  --qubits 2-12 --depth 1,5,20 --cost ${COSTS.join('|')}[,…] [--samples 200]
  [--init ${INITS.join('|')}] [--seed S] [--threads 1|2] [--backend cpu] [--json FILE] [--csv FILE] [--svg FILE]
   or: npm run trainability -- --stacks 2-8 [--samples 32] [--seed S] [--batch 8]
  [--config TEXT] [--edges 1-8,3-8] [--data PATH] [--datasets DIR] [--transposed yes|no]
  [--json FILE] [--csv FILE] [--svg FILE]
Var[∂C/∂θ_k] over K random samples for every (qubits, depth, cost), with bootstrap 95% CIs, and
the fitted exponential decay of the variance per qubit for each depth. Lists: 2-6, 2,4,8 or both
(2-4,8). mcclean: McClean et al. as PennyLane's demo builds it (cost projector); cerezo: Cerezo
et al.'s alternating layered ansatz (compare --cost global,local). --svg draws variance against n.
--threads 2: half of each case's samples on a second thread (the same numbers as one).
--backend: cpu only here (Node has no WebGPU; the view's WebGPU backend runs in the browser).
--stacks n: each quanv layer's gradient norm under exact semantics over K random initialisations
(median, IQR) for a ResQuNN of n layers of --config's circuit: chained with no edges, every layer
to the head, and --edges, on one fixed batch of MNIST or of your own data:
${DATA_USAGE}`;

/** A list flag, or a UsageError naming it. */
function listFlag(name: string, text: string): number[] {
  const xs = parseNumberList(text);
  if (!xs)
    throw new UsageError(
      `--${name} must be a list like 2-6 or 1,5,20, ranges ascending (got "${text}")`,
    );
  return xs;
}

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      circuit: { type: 'string' },
      qubits: { type: 'string' },
      depth: { type: 'string' },
      cost: { type: 'string' },
      samples: { type: 'string' },
      init: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      csv: { type: 'string' },
      svg: { type: 'string' },
      threads: { type: 'string' },
      backend: { type: 'string' },
      stacks: { type: 'string' },
      batch: { type: 'string' },
      config: { type: 'string' },
      edges: { type: 'string' },
      ...DATA_FLAGS,
    },
    USAGE,
  );
  // Loaded only for a stack study: it brings tfjs and the network.
  if (values.stacks !== undefined && values.threads !== undefined)
    throw new UsageError('--threads is for barren-plateau studies, not --stacks');
  if (values.stacks !== undefined)
    return (await import('./trainabilityStacks')).runStacksCli(values);
  for (const flag of ['batch', 'config', 'edges', 'data', 'datasets', 'transposed'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for --stacks studies only`);
  }
  // the study's WebGPU backend lives in the browser's worker (the Trainability view)
  if (values.backend === 'webgpu') {
    throw new UsageError(
      '--backend webgpu: Node has no WebGPU, so the CLI runs on the CPU; run the WebGPU backend in the Trainability view of a browser with WebGPU',
    );
  }
  choiceFlag('backend', values.backend, ['cpu']);
  const costs = values.cost?.split(',').map((c) => choiceFlag('cost', c.trim(), COSTS) as Cost);
  const checked = validateSettings({
    circuit: choiceFlag('circuit', values.circuit, CIRCUIT_CHOICES),
    qubits: values.qubits === undefined ? undefined : listFlag('qubits', values.qubits),
    depths: values.depth === undefined ? undefined : listFlag('depth', values.depth),
    costs,
    samples: intFlag('samples', values.samples, 0, Number.MAX_SAFE_INTEGER),
    init: choiceFlag('init', values.init, INITS) as Init | undefined,
    seed: intFlag('seed', values.seed, 0, 0xffffffff),
  });
  if (!checked.ok) throw new UsageError(checked.errors.join('\n'));
  const s = checked.settings;
  process.stderr.write(
    `Trainability of ${s.circuit}: n ${s.qubits.join(',')}, L ${s.depths.join(',')}, cost ${s.costs.join(',')}, K ${s.samples}, init ${s.init}, seed ${s.seed}\n`,
  );
  const threads = intFlag('threads', values.threads, 1, 2) ?? 1;
  const second = threads === 2 ? await startNodeSampleThread() : null;
  const bar = new ProgressBar(1000, 'samples');
  const study = new TrainabilityStudy(s, second?.run ?? null);
  const started = performance.now();
  while (!study.done) {
    const row = await study.step();
    bar.update(
      Math.round(study.progress * 1000),
      row ? `n=${row.qubits} L=${row.depth} ${row.cost}` : '',
    );
  }
  console.log(
    `\n${'n'.padStart(3)} ${'L'.padStart(4)} ${'cost'.padEnd(9)} ${'Var[∂C/∂θ]'.padStart(11)}  95% CI (bootstrap)`,
  );
  for (const r of study.rows) {
    console.log(
      `${String(r.qubits).padStart(3)} ${String(r.depth).padStart(4)} ${r.cost.padEnd(9)} ${r.variance.toExponential(3).padStart(11)}  [${r.ci95[0].toExponential(2)}, ${r.ci95[1].toExponential(2)}]`,
    );
  }
  for (const f of study.fits) {
    const ci = f.ci95 ? ` (95% CI ${f.ci95[0].toFixed(3)} to ${f.ci95[1].toFixed(3)})` : '';
    console.log(
      `cost ${f.cost}, L = ${f.depth}: Var ∝ e^(−${f.decayPerQubit.toFixed(3)}·n)${ci}, ×${Math.exp(-f.decayPerQubit).toFixed(3)} per qubit`,
    );
  }
  await second?.close();
  console.log(
    `${((performance.now() - started) / 1000).toFixed(2)} s on ${study.threads} thread(s)`,
  );
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify(studyJson(s, study.rows, study.fits), null, 1) + '\n',
    );
    console.log(`wrote ${values.json}`);
  }
  if (values.csv) {
    writeFileSync(values.csv, studyCsv(study.rows, study.fits));
    console.log(`wrote ${values.csv}`);
  }
  if (values.svg) {
    const { varianceFigure } = await import('./figures/trainabilityFigures');
    const title = `Barren plateau: Var[∂C/∂θ] against qubits (${s.circuit})`;
    const subtitle = `${s.circuit}, cost ${s.costs.join(', ')}, depths ${s.depths.join(', ')}, K = ${s.samples} random initialisations (${s.init}), seed ${s.seed}; bars: bootstrap 95% CI; dashed: the fitted exponential decay.`;
    writeFileSync(values.svg, varianceFigure(study.rows, study.fits, title, subtitle));
    console.log(`wrote ${values.svg}`);
  }
}

runCli(main);
