import {
  CONFIG_LIMITS,
  withLayer,
  withLayerCount,
  withSettings,
  type ConfigInput,
  type Depth,
  type Kernel,
  type ModelKind,
  type Padding,
  type Semantics,
  type Stride,
  type Tap,
} from '../../model/config/config';
import { CIRCUIT_FAMILIES, type CircuitFamily } from '../../sim/circuit/circuitProgram';
import { layerTextColour } from '../palette';
import { useConfig, useController } from '../LabContext';
import { NumberField } from './NumberField';
import { Segmented } from './Segmented';
import { ShareLink } from './ShareLink';
import './ConfigPanel.css';

/** What each family's gates are (docs/model.md §6), for the select's tooltip. */
const FAMILY_TITLES: Record<CircuitFamily, string> = {
  ryrz: 'ryrz: RY(θ), RZ(φ) on every qubit, then a CNOT ring (the last layer’s φ are dead)',
  basic: 'basic: RX(θ) on every qubit, then a CNOT ring (no dead parameters)',
  strong:
    'strong: Rot(α, β, γ) on every qubit, then a ranged CNOT ring (the last layer’s γ are dead)',
  random:
    'random: 2n random RX/RY/RZ per layer, each after at most one random CNOT (the lab’s first version)',
  randomlayers:
    'randomlayers: PennyLane’s RandomLayers, 2n random RX/RY/RZ per layer and random CNOTs (0.43 per rotation), drawn from the run’s seed',
};

const MODELS: { value: ModelKind; text: string }[] = [
  { value: 'resqunn', text: 'ResQuNN (as configured)' },
  { value: 'frozen', text: 'Benchmark: all quanv frozen' },
  { value: 'classical', text: 'Benchmark: classical only' },
];

/**
 * Every setting of the configuration. Each change goes through the model's validated edits; the
 * controller then updates the URL and restarts the run from its seed.
 */
export function ConfigPanel() {
  const controller = useController();
  const config = useConfig((s) => s.config);
  const n = config.layers.length;
  const set = (patch: ConfigInput) => controller.update(withSettings(config, patch));
  const { layers: layerLimits } = CONFIG_LIMITS;

  return (
    <section className="panel config-panel" aria-label="Configuration">
      <div>
        <div className="row">
          <h2>Quanv layers</h2>
          <div className="stepper">
            <button
              type="button"
              className="small"
              aria-label="Remove a layer"
              disabled={n <= layerLimits.min}
              onClick={() => controller.update(withLayerCount(config, n - 1))}
            >
              −
            </button>
            <output aria-label="Quanv layers">{n}</output>
            <button
              type="button"
              className="small"
              aria-label="Add a layer"
              disabled={n >= layerLimits.max}
              onClick={() => controller.update(withLayerCount(config, n + 1))}
            >
              +
            </button>
          </div>
        </div>
        <table className="layer-table">
          <colgroup>
            <col className="c-name" />
            <col className="c-kernel" />
            <col className="c-depth" />
            <col />
            <col className="c-train" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">layer</span>
              </th>
              <th scope="col">kernel</th>
              <th scope="col">
                <span title="ansatz layers L of the circuit">depth</span>
              </th>
              <th scope="col">circuit</th>
              <th scope="col">
                <span title="θ: the angles train; ❄: frozen">train</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {config.layers.map((layer, i) => {
              const name = `Q${i + 1}`;
              return (
                <tr key={i}>
                  <td className="layer-name" style={{ color: layerTextColour(`Q${i + 1}`) }}>
                    {name}
                  </td>
                  <td>
                    <select
                      aria-label={`${name} kernel`}
                      value={layer.kernel}
                      onChange={(e) =>
                        controller.update(
                          withLayer(config, i, { kernel: Number(e.target.value) as Kernel }),
                        )
                      }
                    >
                      <option value={2}>2×2</option>
                      <option value={3}>3×3</option>
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`${name} depth`}
                      value={layer.depth}
                      onChange={(e) =>
                        controller.update(
                          withLayer(config, i, { depth: Number(e.target.value) as Depth }),
                        )
                      }
                    >
                      {[1, 2, 3, 4].map((d) => (
                        <option key={d} value={d}>
                          {d}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select
                      aria-label={`${name} circuit family`}
                      title={FAMILY_TITLES[layer.family]}
                      value={layer.family}
                      onChange={(e) =>
                        controller.update(
                          withLayer(config, i, { family: e.target.value as CircuitFamily }),
                        )
                      }
                    >
                      {CIRCUIT_FAMILIES.map((f) => (
                        <option key={f} value={f} title={FAMILY_TITLES[f]}>
                          {f}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="freeze-toggle"
                      aria-pressed={!layer.trainable}
                      aria-label={`${name} frozen`}
                      title={
                        layer.trainable ? 'Trained: click to freeze' : 'Frozen: click to train'
                      }
                      onClick={() =>
                        controller.update(withLayer(config, i, { trainable: !layer.trainable }))
                      }
                    >
                      {layer.trainable ? 'θ' : '❄'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="row">
        <span>Gradient</span>
        <Segmented<Semantics>
          label="Gradient semantics"
          value={config.semantics}
          onChange={(semantics) => set({ semantics })}
          options={[
            {
              value: 'measured',
              text: 'measured',
              title: 'The paper’s setting: stop-gradient at every encoding',
            },
            { value: 'exact', text: 'exact', title: 'Autodiff through every encoding too' },
          ]}
        />
      </div>
      <div className="row">
        <span>Residual tap</span>
        <Segmented<Tap>
          label="Residual tap"
          value={config.tap}
          onChange={(tap) => set({ tap })}
          options={[
            { value: 'chained', text: 'chained h', title: 'An edge carries the merged value h_a' },
            { value: 'raw', text: 'raw O', title: 'An edge carries the raw output O_a' },
          ]}
        />
      </div>
      <label className="field">
        <span>Model</span>
        <select value={config.model} onChange={(e) => set({ model: e.target.value as ModelKind })}>
          {MODELS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.text}
            </option>
          ))}
        </select>
      </label>

      <div className="field-grid">
        <NumberField
          label="Learning rate"
          value={config.learningRate}
          step={0.001}
          min={0}
          onCommit={(learningRate) => set({ learningRate })}
          onRefusal={controller.setFieldRefusal}
        />
        <NumberField
          label="Batch size"
          value={config.batchSize}
          min={1}
          onCommit={(batchSize) => set({ batchSize })}
          onRefusal={controller.setFieldRefusal}
        />
        <NumberField
          label="Train images"
          value={config.trainSize}
          min={1}
          onCommit={(trainSize) => set({ trainSize })}
          onRefusal={controller.setFieldRefusal}
        />
        <NumberField
          label="Test images"
          value={config.testSize}
          min={1}
          onCommit={(testSize) => set({ testSize })}
          onRefusal={controller.setFieldRefusal}
        />
        <NumberField
          label="Epochs"
          value={config.epochs}
          min={1}
          onCommit={(epochs) => set({ epochs })}
          onRefusal={controller.setFieldRefusal}
        />
        <NumberField
          label="Seed"
          value={config.seed}
          min={0}
          onCommit={(seed) => set({ seed })}
          onRefusal={controller.setFieldRefusal}
        />
        <label className="field">
          <span>Stride</span>
          <select
            value={config.stride}
            onChange={(e) => set({ stride: Number(e.target.value) as Stride })}
          >
            {[1, 2, 3].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Padding</span>
          <select
            value={config.padding}
            onChange={(e) => set({ padding: e.target.value as Padding })}
          >
            <option value="same">same</option>
            <option value="valid">valid</option>
          </select>
        </label>
        <NumberField
          label="Shots (0 = exact)"
          value={config.shots}
          min={0}
          onCommit={(shots) => set({ shots })}
          onRefusal={controller.setFieldRefusal}
        />
      </div>
      <ShareLink />
    </section>
  );
}
