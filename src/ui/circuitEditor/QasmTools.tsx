import { useId, useState } from 'react';
import { withLayer, type ExperimentConfig } from '../../model/config/config';
import type { ExtendedProgram } from '../../sim/circuit/circuitProgram';
import { customFromGates } from '../../sim/circuit/customCircuit';
import { programToQasm, type QasmVersion } from '../../sim/circuit/qasm/qasmExport';
import { importQasm, QASM_ALLOWED } from '../../sim/circuit/qasm/qasmImport';
import { downloadText } from '../export/download';
import { exportFilename } from '../export/filenames';
import { useController } from '../LabContext';

/**
 * OpenQASM in and out of one layer: export its circuit with the angles it has now (2.0 or 3.0);
 * import a pasted or chosen file as the layer's custom circuit. A refused file shows each
 * problem with its line and column and changes nothing.
 */
export function QasmTools({
  config,
  configText,
  layer,
  program,
  angles,
}: {
  config: ExperimentConfig;
  configText: string;
  layer: number;
  program: ExtendedProgram;
  /** The layer's angles now (live from the run, or as a run starts). */
  angles: Float32Array;
}) {
  const controller = useController();
  const [source, setSource] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const ids = useId();
  const id = `Q${layer + 1}`;

  const save = (version: QasmVersion) => {
    try {
      const text = programToQasm(program, angles, {
        version,
        title: `${id} of ${configText}, its angles now`,
      });
      const file = exportFilename({
        subject: `circuit-${id.toLowerCase()}`,
        config: configText,
        ext: 'qasm',
        variant: `openqasm${version}`,
      });
      downloadText(text, file, 'text/plain');
      setNote(`Saved ${file}.`);
    } catch (e) {
      setNote(`Not exported: ${(e as Error).message}.`);
    }
  };

  const load = (text: string) => {
    const read = importQasm(text, program.qubits);
    if (!read.ok) {
      setProblems(read.errors.map((e) => `line ${e.line}, column ${e.column}: ${e.message}`));
      setNote('Nothing was changed.');
      return;
    }
    const circuit = customFromGates(read.circuit.gates, read.circuit.params);
    const refusal = controller.update(withLayer(config, layer, { circuit }));
    setProblems(refusal ? [refusal] : []);
    setNote(
      refusal
        ? 'Nothing was changed.'
        : `${id} now runs the imported circuit (${circuit.gates.length} gates); its rotations are trainable and start at the file’s angles.`,
    );
  };

  return (
    <details className="qasm-tools">
      <summary>OpenQASM: export or import {id}’s circuit</summary>
      <div className="qasm-row">
        <button type="button" onClick={() => save(2)}>
          Export OpenQASM 2.0
        </button>
        <button type="button" onClick={() => save(3)}>
          Export OpenQASM 3.0
        </button>
      </div>
      <label htmlFor={`${ids}-source`}>Paste OpenQASM 2.0 or 3.0 to import into {id}</label>
      <textarea
        id={`${ids}-source`}
        className="qasm-source"
        rows={5}
        spellCheck={false}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <div className="qasm-row">
        <button type="button" disabled={source.trim() === ''} onClick={() => load(source)}>
          Import into {id}
        </button>
        <label className="qasm-file">
          or a file{' '}
          <input
            type="file"
            accept=".qasm,text/plain"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              const text = await file.text();
              setSource(text);
              load(text);
            }}
          />
        </label>
      </div>
      {problems.length > 0 && (
        <ul className="qasm-problems" role="alert" data-testid="qasm-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <p className="editor-status" role="status">
        {note}
      </p>
      <p className="circuit-explain muted">{QASM_ALLOWED}.</p>
    </details>
  );
}
