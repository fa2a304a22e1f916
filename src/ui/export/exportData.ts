import type { RunRecord } from '../../engine/runRecord';
import { readConfigText } from '../../model/config/configReader';
import { paperName } from '../../model/config/paperName';

/* Words that go into exported files' metadata: what the figure shows, and for what. */

/** `O1+O2 (n=2;k=2,2;e=1-2)`, or the text alone when it does not parse. */
export function configCaption(configText: string): string {
  const parsed = readConfigText(configText);
  return parsed.ok ? `${paperName(parsed.config)} (${configText})` : configText;
}

/** The <desc> of an exported figure: the configuration, the run and how far it got. */
export function figureDescription(what: string, configText: string, run: RunRecord | null): string {
  const parts = [`ResQuNN Lab: ${what}.`, `Configuration ${configCaption(configText)}.`];
  if (run) {
    const last = run.steps.at(-1);
    parts.push(
      `Run ${run.runId}, ${run.steps.length} steps${last ? ` (epoch ${last.epoch})` : ''}.`,
    );
    if (run.backend) parts.push(`Backend ${run.backend}.`);
  }
  return parts.join(' ');
}

/** The run as a JSON file: the RunRecord, exactly as `window.resqunnLab.metrics()` gives it. */
export function runJson(run: RunRecord): string {
  return `${JSON.stringify(run, null, 1)}\n`;
}
