import { RUN_FORMAT, type RunRecord } from '../../engine/runRecord';
import { checkRunRecord } from '../../engine/runRecordCheck';
import { describeConfigErrors, validateSavedConfig } from '../../model/config/config';
import { formatConfigText, parseConfigText } from '../../model/config/configText';

/**
 * What a file dropped on the app holds: runs (one RunRecord, or a list of them such as
 * `npm run figures` writes) or a configuration, as a configuration file (JSON) or as the plain
 * text the address bar, the CLIs and `configure()` take (`n=2;k=2,2;d=3,3;a=basic,basic`).
 * Anything else is refused with a reason, before anything changes: a file is used whole or not
 * at all.
 */

/** Larger files are refused unread: a run of 100,000 steps is about 20 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const CONFIG_FORMAT = 'resqunn-config';
export const CONFIG_VERSION = 1;

export type ImportResult =
  | { readonly kind: 'runs'; readonly records: readonly RunRecord[] }
  | { readonly kind: 'config'; readonly text: string }
  | { readonly kind: 'refused'; readonly message: string };

const refuse = (name: string, why: string): ImportResult => ({
  kind: 'refused',
  message: `${name} was not imported: ${why}. Nothing was changed.`,
});

/** Refuses a file by its size alone (before reading it). */
export function checkFileSize(name: string, bytes: number): ImportResult | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return refuse(
    name,
    `it is ${mb} MB, more than the ${MAX_IMPORT_BYTES / 1024 / 1024} MB a run or configuration file may be`,
  );
}

export function readImport(name: string, text: string): ImportResult {
  const tooBig = checkFileSize(name, text.length);
  if (tooBig) return tooBig;
  const trimmed = text.trim();
  if (trimmed === '') return refuse(name, 'it is empty');
  if (!/^[[{"]/.test(trimmed)) return readConfigText(name, trimmed);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return refuse(name, `it is not valid JSON (${why})`);
  }
  if (typeof value === 'string') return readConfigText(name, value.trim());
  if (Array.isArray(value)) {
    if (value.length === 0) return refuse(name, 'the list of runs is empty');
    const records: RunRecord[] = [];
    for (const [i, item] of value.entries()) {
      const checked = checkRunRecord(item);
      if (!checked.ok) return refuse(name, `run ${i + 1} of ${value.length}: ${checked.message}`);
      records.push(checked.record);
    }
    return { kind: 'runs', records };
  }
  if (typeof value === 'object' && value !== null && 'format' in value) {
    const format = (value as { format: unknown }).format;
    if (format === CONFIG_FORMAT) return readConfig(name, value as Record<string, unknown>);
    if (format === RUN_FORMAT) {
      const checked = checkRunRecord(value);
      return checked.ok
        ? { kind: 'runs', records: [checked.record] }
        : refuse(name, checked.message);
    }
  }
  return refuse(name, 'it is neither a ResQuNN Lab run nor a configuration file');
}

function readConfig(name: string, value: Record<string, unknown>): ImportResult {
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(name, 'its format version is missing');
  }
  if (version > CONFIG_VERSION) {
    return refuse(
      name,
      `it was written by a newer version of ResQuNN Lab (configuration format ${version}; this app reads ${CONFIG_VERSION}): update the app to open it`,
    );
  }
  const config = value.config;
  const result =
    typeof config === 'string' ? parseConfigText(config) : validateSavedConfig(config ?? {});
  if (!result.ok) {
    return refuse(name, `its configuration is not valid: ${describeConfigErrors(result.errors)}`);
  }
  return { kind: 'config', text: formatConfigText(result.config) };
}

/**
 * A configuration as text, one `key=value` part after another, separated by `;` or line breaks
 * (as someone may type it into a file).
 */
function readConfigText(name: string, text: string): ImportResult {
  if (!text.includes('=')) {
    return refuse(
      name,
      'it is neither a run or configuration file (JSON) nor a configuration text such as ' +
        'n=2;k=2,2;d=3,3;a=basic,basic',
    );
  }
  const result = parseConfigText(text.replace(/\s*[\r\n]+\s*/g, ';'));
  if (!result.ok) {
    return refuse(name, `its configuration is not valid: ${describeConfigErrors(result.errors)}`);
  }
  return { kind: 'config', text: formatConfigText(result.config) };
}

/** A configuration as a file: the text form, which the app, the URL and the CLIs all read. */
export function configFileJson(configText: string): string {
  return `${JSON.stringify({ format: CONFIG_FORMAT, version: CONFIG_VERSION, config: configText }, null, 1)}\n`;
}
