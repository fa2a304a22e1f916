import { errorText } from '../util/errorText';
import type { ExperimentConfig } from '../model/config/config';
import {
  chooseBackend,
  type BackendChoice,
  type BackendName,
  type BackendRegistrar,
} from './backend';
import {
  measureOptions,
  sizeClass,
  type BackendMeasurement,
  type BackendOption,
} from './backendMeasure';

/** What a host gives the fitter: its candidates, how to switch to one, how to time a step. */
export interface FitHost {
  /** The options to time, fastest-first by expectation (ties keep this order). */
  readonly candidates: () => Promise<readonly BackendOption[]>;
  /** Timed only when none of `candidates` ran (tfjs `cpu`: always there, always slow). */
  readonly lastResort: readonly BackendOption[];
  /** Makes `option` the active backend (throws when it does not work here). */
  readonly activate: (option: BackendOption) => Promise<BackendChoice>;
  readonly timeStep: (config: ExperimentConfig, option: BackendOption) => Promise<number>;
  /** Earlier measurements by size class (the page's, from this device); the fitter adds to it. */
  readonly memory: Map<string, BackendMeasurement>;
}

/**
 * EngineHost.fitBackend for a host: the remembered choice of the configuration's size class, or a
 * new measurement (backendMeasure.ts) when there is none. Returns the backend now active with
 * `measured` set, or null when nothing could be measured (the current backend stays). Backends
 * the engine saw fail (`exclude`) are neither used nor timed. Never throws.
 */
export function backendFitter(
  host: FitHost,
): (config: ExperimentConfig, exclude: readonly BackendName[]) => Promise<BackendChoice | null> {
  return async (config, exclude) => {
    const key = sizeClass(config);
    const usable = (o: BackendOption) => !exclude.includes(o.backend);
    const known = host.memory.get(key);
    if (known && usable(known.chosen)) {
      try {
        const choice = await host.activate(known.chosen);
        return { ...choice, measured: { ...known, remembered: true } };
      } catch {
        // it worked on an earlier visit, not now: measure again
      }
    }
    const started = performance.now();
    const time = (o: BackendOption) => host.timeStep(config, o);
    const activate = async (o: BackendOption) => void (await host.activate(o));
    let { timings, chosen } = await measureOptions(
      (await host.candidates()).filter(usable),
      activate,
      time,
    );
    if (!chosen) {
      const resort = await measureOptions(host.lastResort.filter(usable), activate, time);
      timings = [...timings, ...resort.timings];
      chosen = resort.chosen;
    }
    if (!chosen) return null;
    try {
      const choice = await host.activate(chosen);
      const tookMs = performance.now() - started;
      const measured: BackendMeasurement = {
        sizeClass: key,
        timings,
        chosen,
        tookMs,
        remembered: false,
      };
      host.memory.set(key, measured);
      return { ...choice, measured };
    } catch {
      return null;
    }
  };
}

/**
 * Starts one backend as a measurement's candidate; throws its reason alone, e.g. "WebGPU is not
 * available here (…)". A GPU emulated on the CPU (SwiftShader) is not timed: its first step
 * compiles shaders for seconds (8.5 s in headless Chromium here), and it loses to the CPU kernel.
 */
export async function startBackend(
  register: BackendRegistrar,
  name: BackendName,
): Promise<BackendChoice> {
  try {
    return await chooseBackend(register, [name], { skipSoftwareGpu: true });
  } catch (e) {
    throw new Error(errorText(e).replace(`No tfjs backend works here: ${name}: `, ''), {
      cause: e,
    });
  }
}
