import { useEffect, useState } from 'react';
import { COSTS, COST_TEXT, type Cost } from '../../sim/trainability/costs';
import { INITS, type Init } from '../../sim/trainability/sampler';
import type { CircuitChoice } from '../../sim/trainability/presets';
import {
  CIRCUIT_CHOICES,
  costsFor,
  type StudyBackend,
  type TrainabilitySettings,
} from '../../model/trainability/settings';
import {
  formatNumberList,
  parseNumberList,
  type RawSettings,
} from '../../model/trainability/settingsText';
import { useTrainability, useTrainabilityController } from './TrainabilityContext';

/** The anchor results' settings: McClean et al. as PennyLane's demo, Cerezo et al.'s contrast. */
const PRESET_SETTINGS: Record<'mcclean' | 'cerezo', RawSettings> = {
  mcclean: {
    circuit: 'mcclean',
    qubits: [2, 3, 4, 5, 6, 7, 8],
    depths: [1, 5, 20],
    costs: ['projector'],
    init: 'uniform',
  },
  cerezo: {
    circuit: 'cerezo',
    qubits: [2, 4, 6, 8, 10],
    depths: [2],
    costs: ['global', 'local'],
    init: 'uniform',
  },
};

/** The study's settings; nothing is sent until Run, and the controller refuses bad input first. */
export function TrainabilityForm() {
  const controller = useTrainabilityController();
  const settings = useTrainability((s) => s.settings);
  const status = useTrainability((s) => s.status);
  const gpu = useTrainability((s) => s.gpu);
  // the form offers WebGPU once the study's worker says it runs there
  useEffect(() => controller.probeGpu(), [controller]);
  // text fields keep what is typed; they are read on Run
  const [qubits, setQubits] = useState(formatNumberList(settings.qubits));
  const [depths, setDepths] = useState(formatNumberList(settings.depths));
  const [samples, setSamples] = useState(String(settings.samples));
  const [seed, setSeed] = useState(String(settings.seed));
  const show = (s: TrainabilitySettings) => {
    setQubits(formatNumberList(s.qubits));
    setDepths(formatNumberList(s.depths));
    setSamples(String(s.samples));
    setSeed(String(s.seed));
  };
  const preset = (name: 'mcclean' | 'cerezo') => {
    if (controller.update(PRESET_SETTINGS[name]).length === 0)
      show(controller.store.getState().settings);
  };
  const run = () => {
    const refused = controller.update({
      qubits: parseNumberList(qubits) ?? qubits,
      depths: parseNumberList(depths) ?? depths,
      samples: Number(samples),
      seed: Number(seed),
    });
    if (refused.length === 0) controller.run();
  };
  const toggleCost = (cost: Cost, on: boolean) => {
    const next = on ? [...settings.costs, cost] : settings.costs.filter((c) => c !== cost);
    controller.update({ costs: next });
  };
  return (
    <form
      className="trainability-form"
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <div className="trainability-presets" role="group" aria-label="Presets">
        <button type="button" onClick={() => preset('mcclean')}>
          McClean preset
        </button>
        <button type="button" onClick={() => preset('cerezo')}>
          Cerezo preset
        </button>
      </div>
      <label>
        Circuit
        <select
          value={settings.circuit}
          onChange={(e) => {
            const circuit = e.target.value as CircuitChoice;
            const allowed = costsFor(circuit);
            const costs = settings.costs.filter((c) => allowed.includes(c));
            controller.update({ circuit, costs: costs.length ? costs : [allowed[0]] });
          }}
        >
          {CIRCUIT_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Qubits n
        <input value={qubits} onChange={(e) => setQubits(e.target.value)} size={8} />
      </label>
      <label>
        Depths L
        <input value={depths} onChange={(e) => setDepths(e.target.value)} size={8} />
      </label>
      <label>
        Samples K
        <input
          value={samples}
          onChange={(e) => setSamples(e.target.value)}
          size={5}
          inputMode="numeric"
        />
      </label>
      <label>
        Init
        <select
          value={settings.init}
          onChange={(e) => controller.update({ init: e.target.value as Init })}
        >
          {INITS.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </label>
      <label>
        Seed
        <input
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          size={6}
          inputMode="numeric"
        />
      </label>
      <label>
        Backend
        <select
          value={settings.backend}
          onChange={(e) => controller.update({ backend: e.target.value as StudyBackend })}
        >
          <option value="cpu">CPU (float64)</option>
          <option value="webgpu" disabled={!gpu?.available}>
            WebGPU (float32)
          </option>
        </select>
      </label>
      {gpu && !gpu.available && (
        <p className="trainability-gpu-note" data-testid="trainability-gpu">
          No WebGPU here: {gpu.reason}
        </p>
      )}
      <fieldset className="trainability-costs">
        <legend>Cost</legend>
        {COSTS.map((cost) => (
          <label key={cost} title={COST_TEXT[cost]}>
            <input
              type="checkbox"
              checked={settings.costs.includes(cost)}
              disabled={!costsFor(settings.circuit).includes(cost)}
              onChange={(e) => toggleCost(cost, e.target.checked)}
            />
            {cost}
          </label>
        ))}
      </fieldset>
      <div className="trainability-actions">
        <button type="submit" className="primary">
          Run
        </button>
        <button type="button" disabled={status !== 'running'} onClick={() => controller.cancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
