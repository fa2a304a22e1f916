import { useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { circuitExport } from '../../model/circuitExport';
import { withLayer } from '../../model/config/config';
import { initialAngles } from '../../model/initialAngles';
import { configPrograms, parameterSummary } from '../../model/layerProgram';
import { customFromGates } from '../../sim/circuit/customCircuit';
import { CircuitEditor } from '../circuitEditor/CircuitEditor';
import { QasmTools } from '../circuitEditor/QasmTools';
import { downloadText } from '../export/download';
import { exportFilename } from '../export/filenames';
import { FigureExportMenu } from '../export/FigureExportMenu';
import { useConfig, useController, useLab } from '../LabContext';
import { layerColour } from '../palette';
import { CircuitDiagram } from './CircuitDiagram';
import './circuit.css';

/**
 * One quanv layer's circuit, gate by gate, with its angles live from training; tabs choose the
 * layer. The classical-only benchmark has no quanv layer in use, so it gets a sentence instead.
 */
export function CircuitPanel() {
  const config = useConfig((s) => s.config);
  const configText = useConfig((s) => s.text);
  const programs = useMemo(() => configPrograms(config), [config]);
  const inspect = useLab((s) => s.inspect);
  const controller = useController();
  const starts = useMemo(() => initialAngles(config), [config]);
  const [chosen, setChosen] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const count = config.layers.length;
  // Derived rather than reset in an effect: a shrinking configuration never shows a stale tab.
  const active = Math.max(0, Math.min(chosen, count - 1));
  const spec = config.layers[active];

  const choose = (index: number) => {
    setChosen(index);
    tabs.current[index]?.focus();
  };
  // Arrow keys move between tabs (the ARIA tabs pattern: one tab stop, the selected tab).
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowRight: (active + 1) % count,
      ArrowLeft: (active - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    choose(moves[event.key]);
  };

  if (config.model === 'classical' || !spec) {
    return (
      <section className="panel circuit-panel" aria-labelledby="circuit-title">
        <h2 id="circuit-title">Quanv circuit</h2>
        <p className="circuit-empty">
          The classical-only benchmark uses no quanv layer: the head reads the image directly, so
          there is no circuit to draw.
        </p>
      </section>
    );
  }

  const id = `Q${active + 1}` as const;
  const qubits = spec.kernel === 3 ? 9 : 4;
  const frozen = !spec.trainable || config.model === 'frozen';
  const program = programs[active];
  const summary = parameterSummary(program);
  // Only the angles of this configuration's run: another family may have as many parameters.
  const raw = inspect?.config === configText ? inspect.angles?.[active] : undefined;
  // A result from before a kernel, depth or family change has the wrong length: show symbols until fresh.
  const angles = raw && raw.length === program.paramCount ? raw : null;
  const drawing = { program, angles, colour: layerColour(id), frozen };
  const inputChannels = active === 0 ? 1 : config.layers[active - 1].kernel ** 2;

  return (
    <section className="panel circuit-panel" aria-labelledby="circuit-title">
      <div className="circuit-head">
        <h2 id="circuit-title">Quanv circuit</h2>
        <FigureExportMenu
          label="circuit"
          subject={`circuit-${id.toLowerCase()}`}
          panel=".circuit-panel"
          figure=".circuit-scroll svg"
          title={`ResQuNN Lab: the circuit of ${id}`}
          about={`the quanv circuit of ${id}, gate by gate, with its angles at this point of the run`}
          extras={[
            {
              label: 'Export JSON',
              save: () => {
                const file = exportFilename({
                  subject: 'circuits',
                  config: configText,
                  ext: 'json',
                });
                const fresh = inspect?.config === configText ? inspect.angles : undefined;
                const json = circuitExport(config, fresh);
                downloadText(`${JSON.stringify(json, null, 1)}\n`, file, 'application/json');
                return file;
              },
            },
          ]}
        />
      </div>
      {/* The tabs, and what acts on the chosen layer's circuit beside them: a row that costs no
          height of its own, so the gradient chart below stays in view (e2e/layout.spec.ts). */}
      <div className="circuit-bar">
        <div className="circuit-tabs" role="tablist" aria-label="Quanv layer" onKeyDown={onKeyDown}>
          {config.layers.map((layer, i) => {
            const tab = `Q${i + 1}` as const;
            return (
              <button
                key={tab}
                ref={(el) => {
                  tabs.current[i] = el;
                }}
                type="button"
                role="tab"
                id={`circuit-tab-${tab}`}
                className="circuit-tab"
                aria-selected={i === active}
                aria-controls="circuit-tabpanel"
                tabIndex={i === active ? 0 : -1}
                style={{ '--tab-colour': layerColour(tab) } as CSSProperties}
                onClick={() => choose(i)}
              >
                {tab}
                {/* Hidden from the tab's name, which stays exactly "Q1"; the diagram says frozen. */}
                <span className="circuit-tab-note" aria-hidden="true">
                  {layer.kernel}×{layer.kernel} {layer.circuit ? 'custom' : layer.family}
                  {!layer.trainable || config.model === 'frozen' ? ' · frozen' : ''}
                </span>
              </button>
            );
          })}
        </div>
        {!spec.circuit && (
          <button
            type="button"
            className="circuit-copy"
            onClick={() =>
              controller.update(
                withLayer(config, active, { circuit: customFromGates(program.gates) }),
              )
            }
          >
            Edit a copy of {program.family}
          </button>
        )}
        <QasmTools
          config={config}
          configText={configText}
          layer={active}
          program={program}
          angles={angles ?? starts[active] ?? new Float32Array(program.paramCount)}
        />
      </div>
      <div
        className="circuit-tabpanel"
        role="tabpanel"
        id="circuit-tabpanel"
        aria-labelledby={`circuit-tab-${id}`}
      >
        {spec.circuit ? (
          <p className="circuit-explain">
            {id} runs its own circuit: each {spec.kernel}×{spec.kernel} window’s pixels x0…x
            {qubits - 1} are encoded, then the {spec.circuit.gates.length} gates below; each qubit’s
            ⟨Z⟩ is one output channel. {valuesNote(angles !== null, frozen)}
          </p>
        ) : (
          <p className="circuit-explain">
            Each {spec.kernel}×{spec.kernel} window’s pixels x0…x{qubits - 1} enter as RY(π·x); the{' '}
            {frozen ? 'frozen (random, untrained)' : 'trainable'} gates of the{' '}
            <strong>{program.family}</strong> family follow
            {spec.depth > 1 ? ` in ${spec.depth} ansatz layers` : ''}; each qubit’s ⟨Z⟩ is one
            output channel. {valuesNote(angles !== null, frozen)}
          </p>
        )}
        <p className="circuit-explain" data-testid="circuit-dead-summary">
          {summary.params} parameters,{' '}
          {summary.dead === 0 ? (
            'none dead.'
          ) : (
            <>
              <span className="circuit-dead-key" aria-hidden="true" />
              {summary.dead} dead (dotted): an RZ followed on its qubit only by gates that commute
              with Z cannot change ⟨Z⟩, so its gradient is 0.
            </>
          )}
        </p>
        {inputChannels > 1 && (
          <p className="circuit-explain muted">
            {id}’s input has {inputChannels} channels: the circuit runs on each channel’s window and
            the {inputChannels} results are averaged.
          </p>
        )}
        {spec.circuit ? (
          <CircuitEditor config={config} layer={active} circuit={spec.circuit} {...drawing} />
        ) : (
          <CircuitDiagram layer={id} {...drawing} />
        )}
      </div>
    </section>
  );
}

function valuesNote(live: boolean, frozen: boolean): string {
  if (!live) return 'Values in radians (mod 2π) appear once a run is loaded.';
  return `Values in radians (mod 2π), ${frozen ? 'fixed at their random start' : 'live from training'}.`;
}
