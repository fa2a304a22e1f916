import { useEffect, useId, useRef, useState } from 'react';
import { currentRun } from '../../state/labStore';
import { useController } from '../LabContext';
import { SIZE_LABELS, type ExportSize } from './chartExport';
import { runStepsCsv } from './csv';
import { downloadBlob, downloadText } from './download';
import { runJson } from './exportData';
import { exportFilename, type ExportSubject } from './filenames';
import type { Background, ExportedSvg } from './inlineSvg';
import { PNG_SCALES, svgToPng } from './png';
import './export.css';

export interface ExportMenuProps {
  /** What the menu exports, for its button's name: `gradient chart`. */
  readonly label: string;
  readonly subject: ExportSubject;
  /** The figure as a standalone SVG, at the chosen size (charts) and background. */
  readonly render: (size: ExportSize, background: Background) => ExportedSvg;
  /** Whether the figure can be drawn at another size (the charts can; the diagram scales). */
  readonly sizes?: boolean;
  /** More files, e.g. the configuration: a button each; `save` returns the file's name. */
  readonly extras?: readonly { readonly label: string; readonly save: () => string }[];
  /**
   * The figure's file name without extension, for figures not of the current run (the Explore
   * view's sweep); they also leave out the current run's data buttons. By default the name comes
   * from the subject and the current configuration.
   */
  readonly fileStem?: string;
}

/**
 * A small menu on a figure: SVG, PNG at 1×, 2× and 4×, and the current run's data as CSV and
 * JSON. Files are named by what they hold (`resqunn_gradnorms_n2-k2-2-e1-2_seed1.svg`).
 */
export function ExportMenu({
  label,
  subject,
  render,
  sizes = false,
  extras = [],
  fileStem,
}: ExportMenuProps) {
  const controller = useController();
  const [open, setOpen] = useState(false);
  const [size, setSize] = useState<ExportSize>('shown');
  const [background, setBackground] = useState<Background>('white');
  const [status, setStatus] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
      if (event instanceof PointerEvent && root.current?.contains(event.target as Node)) return;
      setOpen(false);
      // Escape hands focus back to the button that opened the menu (a click elsewhere keeps its
      // own target focused); otherwise focus falls to the page's top with the popover.
      if (event instanceof KeyboardEvent) toggle.current?.focus();
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const context = () => {
    const run = currentRun(controller.lab.getState());
    return { run, config: run?.config ?? controller.config.getState().text };
  };
  const name = (ext: 'svg' | 'png' | 'csv' | 'json', extra: { scale?: number } = {}) =>
    fileStem !== undefined
      ? `${fileStem}${extra.scale !== undefined ? `_${extra.scale}x` : ''}.${ext}`
      : exportFilename({
          subject,
          config: context().config,
          ext,
          variant: sizes && size !== 'shown' ? size : undefined,
          ...extra,
        });

  const run = async (action: () => Promise<string> | string) => {
    try {
      setStatus('Exporting…');
      setStatus(`Saved ${await action()}`);
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const svg = () =>
    run(() => {
      const file = name('svg');
      downloadText(render(size, background).markup, file, 'image/svg+xml');
      return file;
    });
  const png = (scale: number) =>
    run(async () => {
      const figure = render(size, background);
      const file = name('png', { scale });
      const blob = await svgToPng(figure.markup, figure.width, figure.height, scale, background);
      downloadBlob(blob, file);
      return file;
    });
  const data = (kind: 'csv' | 'json') =>
    run(() => {
      const { run: record, config } = context();
      if (!record) throw new Error('no run yet: press ▶ or step first');
      const file = exportFilename({
        subject: kind === 'csv' ? 'steps' : 'run',
        config,
        ext: kind,
        variant: `run${record.runId}`,
      });
      if (kind === 'csv') downloadText(runStepsCsv(record), file, 'text/csv');
      else downloadText(runJson(record), file, 'application/json');
      return file;
    });

  return (
    <div className="export-menu" ref={root} data-export-menu={subject}>
      <button
        type="button"
        ref={toggle}
        className="export-toggle"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Export ${label}`}
        title={`Export ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        ⤓
      </button>
      {open && (
        <div className="export-popover" id={id} role="group" aria-label={`Export ${label}`}>
          {sizes && (
            <label className="export-row">
              <span>Size</span>
              <select value={size} onChange={(e) => setSize(e.target.value as ExportSize)}>
                {(Object.keys(SIZE_LABELS) as ExportSize[]).map((s) => (
                  <option key={s} value={s}>
                    {SIZE_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="export-row">
            <span>Background</span>
            <select
              value={background}
              onChange={(e) => setBackground(e.target.value as Background)}
            >
              <option value="white">white</option>
              <option value="transparent">transparent</option>
            </select>
          </label>
          <div className="export-buttons" role="group" aria-label="Figure">
            <button type="button" onClick={() => void svg()}>
              SVG
            </button>
            {PNG_SCALES.map((scale) => (
              <button key={scale} type="button" onClick={() => void png(scale)}>
                PNG {scale}×
              </button>
            ))}
          </div>
          <div
            className="export-buttons"
            role="group"
            aria-label={fileStem === undefined ? 'Run data' : 'Data'}
          >
            {fileStem === undefined && (
              <>
                <button type="button" onClick={() => void data('csv')}>
                  Steps CSV
                </button>
                <button type="button" onClick={() => void data('json')}>
                  Run JSON
                </button>
              </>
            )}
            {extras.map((extra) => (
              <button key={extra.label} type="button" onClick={() => void run(extra.save)}>
                {extra.label}
              </button>
            ))}
          </div>
          <p className="export-status" role="status">
            {status}
          </p>
        </div>
      )}
    </div>
  );
}
