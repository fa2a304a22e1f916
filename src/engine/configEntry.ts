import { describeConfigErrors, type ExperimentConfig } from '../model/config/config';
import { parseConfigText } from '../model/config/configText';

export type ConfigEntry =
  | { readonly ok: true; readonly config: ExperimentConfig }
  | { readonly ok: false; readonly message: string; readonly errors: readonly string[] };

/**
 * Where a configuration enters the engine (from the page, the CLI or a test): its text form,
 * validated once, with messages ready for a person.
 */
export function validateConfigText(text: string): ConfigEntry {
  const result = parseConfigText(text);
  if (result.ok) return result;
  return {
    ok: false,
    message: `This configuration cannot run: ${describeConfigErrors(result.errors)}`,
    errors: result.errors.map((e) => e.message),
  };
}
