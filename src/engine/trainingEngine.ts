import { errorText } from '../util/errorText';
import { DataError } from '../data/errors';
import { DatasetError } from '../data/formats/datasetError';
import { validateConfigText } from './configEntry';
import { formatConfigText } from '../model/config/configText';
import type { ExperimentConfig } from '../model/config/config';
import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { QuanvSimulator } from '../sim/simulator';
import { type BackendChoice, type BackendName } from './backend';
import { NoBackendError } from './backendProbe';
import type { EngineCommand, EngineError, EnginePort, ResumePoint, RunState } from './protocol';
import type { TrainingData } from './trainingData';
import { TrainingRun } from './trainingRun';
import { checkCheckpoint, encodeCheckpoint, type RunSnapshot } from './checkpoint';
import { parameterMismatch } from '../model/parameters';

/** What the engine needs from its host: the same engine runs in a Web Worker and in Node. */
export interface EngineHost {
  /** Chooses (or re-chooses, skipping failed ones) the tfjs backend. */
  chooseBackend(exclude: readonly BackendName[]): Promise<BackendChoice>;
  /**
   * Before each new run: the fastest backend for this configuration's size class, remembered or
   * measured (backendFit.ts), now active, or null to keep the current one. Hosts where the user
   * named the backends, or whose workers train side by side, have none.
   */
  fitBackend?(
    config: ExperimentConfig,
    exclude: readonly BackendName[],
  ): Promise<BackendChoice | null>;
  simulator(): QuanvSimulator;
  /**
   * Loads and caches the data a configuration names (config.dataset: 'mnist' or a user's
   * `name.hash`); reports progress as fractions of bytes or files. A dataset the host lacks is a
   * DatasetError (problem 'missing'), never other data.
   */
  loadData(
    onProgress: (done: number, total: number) => void,
    dataset: string,
  ): Promise<TrainingData>;
  /** Lets queued messages in between steps (a macrotask). */
  yieldToEvents(): Promise<void>;
  now(): number;
  /**
   * An error the GPU device reported since the last call (a shader that failed to compile, a
   * lost device), or null. Such an error is not thrown to the step that caused it: the step
   * goes on with whatever its buffers held, so its numbers cannot be trusted.
   */
  deviceError?(): string | null;
}

/** A replay (ResumePoint) reports its progress every this many steps. */
const REPLAY_PROGRESS_EVERY = 10;

/** At most ~30 metric messages a second, however fast training runs, so the page keeps up (docs/architecture.md, "One training step"). */
export const METRICS_INTERVAL_MS = 1000 / 30;

/** A running run posts its checkpoint this often (in steps), and whenever it pauses or ends. */
export const CHECKPOINT_INTERVAL_STEPS = 50;

/**
 * The training loop as a message-driven state machine. Commands queue in an inbox; one pump
 * applies them in order and runs steps in between, yielding to the host's event loop after each
 * step so pause, reset and configure take effect at the next step boundary and never mid-step.
 * Every step's metrics are buffered and flushed in batches: none is dropped.
 */
export class TrainingEngine {
  private run: TrainingRun | null = null;
  private config: ExperimentConfig | null = null;
  private backend: BackendChoice | null = null;
  private state: RunState = 'idle';
  /** The run whose state was posted last. */
  private stateRunId = 0;
  private runId = 0;
  private playing = false;
  private stepsOwed = 0;
  /** The teaching pace: the least time from one played step's start to the next (0: none). */
  private minStepMs = 0;
  private inbox: EngineCommand[] = [];
  private wake: (() => void) | null = null;
  private pendingSteps: StepMetrics[] = [];
  private pendingEpochs: EpochMetrics[] = [];
  private lastFlush = -Infinity;
  private data: TrainingData | null = null;
  private stopped = false;
  /** The tag of the configure being applied, until its run or its error answers it. */
  private answering: number | undefined;
  readonly finished: Promise<void>;

  constructor(
    private readonly port: EnginePort,
    private readonly host: EngineHost,
  ) {
    this.finished = this.pump();
  }

  /** Queue a command; it is applied at the next step boundary. */
  handle(command: EngineCommand): void {
    this.inbox.push(command);
    this.wake?.();
  }

  private async pump(): Promise<void> {
    // No backend at all: the page shows why and which backends would work; nothing can run.
    if (!(await this.selectBackend([]))) return;
    while (!this.stopped) {
      const command = this.inbox.shift();
      if (command) {
        await this.guard(() => this.apply(command));
      } else if (this.run && (this.playing || this.stepsOwed > 0)) {
        const started = this.host.now();
        await this.guard(() => this.advance());
        this.flush(false);
        await this.host.yieldToEvents();
        if (this.playing && this.minStepMs > 0) await this.rest(started + this.minStepMs);
      } else {
        this.flush(true);
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
    this.flush(true);
  }

  /** Waits until `until` (the host's clock), or less if a command arrives meanwhile. */
  private async rest(until: number): Promise<void> {
    this.flush(true); // a paced step is shown as it happens
    const wait = until - this.host.now();
    if (wait <= 0 || this.inbox.length > 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = null;
  }

  private async apply(command: EngineCommand): Promise<void> {
    switch (command.type) {
      case 'configure': {
        const checked = validateConfigText(command.config);
        if (!checked.ok) {
          this.report(
            { kind: 'invalid-config', message: checked.message, errors: checked.errors },
            command.tag,
          );
          return; // the current run stays as it was
        }
        this.config = checked.config;
        this.answering = command.tag;
        await this.restart(command.resume?.play ?? this.playing, command.resume);
        return;
      }
      case 'reset':
        if (this.config) await this.restart(false);
        return;
      case 'restore':
        return this.restore(command.checkpoint, command.play === true);
      case 'checkpoint':
        if (this.run) await this.postCheckpoint();
        return;
      case 'exportModel': {
        const { requestId } = command;
        if (!this.run) {
          const message = 'There is no run to export yet: choose a configuration and train it.';
          return this.port.post({ type: 'modelExportFailed', requestId, message });
        }
        try {
          const exported = await this.run.exportModel();
          this.port.post({
            type: 'modelExport',
            requestId,
            config: formatConfigText(this.run.config),
            step: this.run.stepsDone,
            accuracy: exported.accuracy,
            files: exported.files,
          });
        } catch (e) {
          const message = `The model could not be exported: ${errorText(e)}.`;
          this.port.post({ type: 'modelExportFailed', requestId, message });
        }
        return;
      }
      case 'play':
        // Like 'step': a run stopped by an error (a divergence) continues only after a reset.
        if (!this.run || this.state === 'error') return;
        if (this.run.finished) return this.setState('done');
        this.playing = true;
        return this.setState('training');
      case 'pause':
        this.playing = false;
        this.stepsOwed = 0;
        this.flush(true); // every step's metrics before 'paused', as after 'step'
        if (this.run && this.state === 'training') {
          if (this.run.stepsDone > 0) await this.postCheckpoint();
          this.setState('paused');
        }
        return;
      case 'step':
        if (!this.run || this.run.finished || this.state === 'error') return;
        this.playing = false;
        this.stepsOwed += Math.max(1, Math.floor(command.count));
        return this.setState('training');
      case 'pace':
        this.minStepMs =
          command.stepsPerSecond !== null && command.stepsPerSecond > 0
            ? 1000 / command.stepsPerSecond
            : 0;
        return;
      case 'inspect':
        if (this.run)
          this.port.post({
            type: 'inspect',
            result: await this.run.inspect(command.image, command.requestId),
          });
        return;
      case 'stop':
        this.stopped = true;
        this.disposeRun();
        return;
    }
  }

  /**
   * For tests of the divergence stop (a real run does not diverge: the loss is bounded by the
   * inputs): the current run's parameters become NaN, so its next step fails the engine's check.
   */
  injectDivergence(): void {
    this.run?.poison();
  }

  /**
   * A new run of the checkpoint's configuration at the checkpoint's step. Everything is checked
   * before the current run is touched: a checkpoint that does not fit changes nothing.
   */
  private async restore(value: unknown, play: boolean): Promise<void> {
    const checked = checkCheckpoint(value);
    const refuse = (message: string) => this.report({ kind: 'checkpoint', message });
    if (!checked.ok) return refuse(checked.message);
    const config = validateConfigText(checked.state.config);
    if (!config.ok) return refuse(`The checkpoint's configuration is not valid: ${config.message}`);
    const mismatch = parameterMismatch(config.config, checked.state.parameters);
    if (mismatch) {
      return refuse(
        `The checkpoint does not fit its configuration ${checked.state.config}: ${mismatch}. Export the run again, or start it from its seed.`,
      );
    }
    this.config = config.config;
    await this.restart(play, undefined, checked.state);
  }

  /** Posts the current run's checkpoint, after the metrics of every step it includes. */
  private async postCheckpoint(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const runId = this.runId;
    this.flush(true);
    const checkpoint = encodeCheckpoint(await run.snapshot());
    this.port.post({ type: 'checkpoint', runId, checkpoint });
  }

  /**
   * A new run of the current configuration from its seed (configure, reset, backend switch), or
   * from `from` (restore), or the page's run picked up at `resume`: it keeps its id and is
   * replayed to the resume step (from the checkpoint when there is one).
   */
  private async restart(play: boolean, resume?: ResumePoint, from?: RunSnapshot): Promise<void> {
    const config = this.config;
    if (!config) return;
    this.flush(true);
    this.disposeRun();
    if (resume) this.runId = Math.max(this.runId, resume.runId - 1);
    this.runId += 1;
    this.playing = false;
    this.stepsOwed = 0;
    if (!this.data || (this.data.dataset ?? 'mnist') !== config.dataset) {
      this.data = null;
      this.setState('loading');
      this.data = await this.host.loadData(
        (done, total) =>
          this.port.post({ type: 'progress', phase: 'data', done, total, runId: this.runId }),
        config.dataset,
      );
    }
    const fitted = await this.host.fitBackend?.(config, this.excluded);
    if (fitted) {
      this.backend = fitted;
      this.port.post({ type: 'backend', choice: fitted });
    }
    this.run = new TrainingRun(config, this.host.simulator(), this.data, () =>
      this.host.yieldToEvents(),
    );
    const start = from ?? (resume && resumeCheckpoint(config, resume));
    if (start) this.run.restore(start);
    this.port.post({
      type: 'run',
      runId: this.runId,
      config: formatConfigText(config),
      stepsPerEpoch: this.run.stepsPerEpoch,
      totalSteps: this.run.totalSteps,
      ...(resume && { resumedAt: Math.min(resume.step, this.run.totalSteps) }),
      ...(this.answering !== undefined && { tag: this.answering }),
      ...(from ? { startStep: from.step } : {}),
    });
    this.answering = undefined;
    if (resume && !(await this.replay(this.run, resume.step))) return;
    if (this.run.finished) return this.setState('done');
    this.playing = play;
    this.setState(play ? 'training' : 'paused');
  }

  /**
   * Trains `run` from where it stands (its seed, or a restored checkpoint) to `target` without
   * posting those steps: the page already holds them. Stops early (false) when a configure, reset or stop is waiting, which replaces the run.
   */
  private async replay(run: TrainingRun, target: number): Promise<boolean> {
    const to = Math.min(target, run.totalSteps);
    this.setState('loading');
    while (run.stepsDone < to) {
      if (this.inbox.some((c) => c.type === 'configure' || c.type === 'reset' || c.type === 'stop'))
        return false;
      await run.step();
      const gpu = this.host.deviceError?.();
      if (gpu) throw new Error(`the GPU reported an error: ${gpu}`);
      if (run.stepsDone % REPLAY_PROGRESS_EVERY === 0 || run.stepsDone === to) {
        const done = run.stepsDone;
        this.port.post({ type: 'progress', phase: 'replay', done, total: to, runId: this.runId });
      }
      await this.host.yieldToEvents();
    }
    return true;
  }

  private async advance(): Promise<void> {
    const run = this.run;
    if (!run) return;
    if (this.stepsOwed > 0) this.stepsOwed -= 1;
    const outcome = await run.step();
    const gpu = this.host.deviceError?.();
    // Before the step's numbers go anywhere: the backend fails and the run restarts (guard).
    if (gpu) throw new Error(`the GPU reported an error: ${gpu}`);
    this.pendingSteps.push(outcome.step);
    if (outcome.kind === 'diverged') {
      this.playing = false;
      this.stepsOwed = 0;
      this.flush(true);
      this.report({
        kind: 'diverged',
        step: outcome.step.step,
        layer: outcome.layer,
        message:
          `Training diverged at step ${outcome.step.step}: ${outcome.layer === 'loss' ? 'the loss' : `the gradient of ${outcome.layer}`} ` +
          'is no longer a finite number. Lower the learning rate, then reset.',
      });
      return;
    }
    if (outcome.epoch) {
      this.pendingEpochs.push(outcome.epoch);
      this.port.post({
        type: 'progress',
        phase: 'epoch',
        done: outcome.epoch.epoch,
        total: run.config.epochs,
        runId: this.runId,
      });
    }
    const pausing = !this.playing && this.stepsOwed === 0;
    if (run.finished || pausing || run.stepsDone % CHECKPOINT_INTERVAL_STEPS === 0) {
      await this.postCheckpoint();
    }
    if (run.finished) {
      this.playing = false;
      this.stepsOwed = 0;
      this.flush(true);
      this.setState('done');
    } else if (!this.playing && this.stepsOwed === 0) {
      this.flush(true);
      this.setState('paused');
    }
  }

  /**
   * Runs an engine action and turns a failure into a typed error: missing or corrupt data says
   * which file and how to rebuild it; any other failure on a GPU backend (a lost WebGPU device, a
   * WebGL context loss) switches to the next backend and restarts the run from its seed.
   */
  private async guard(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (e) {
      this.playing = false;
      this.stepsOwed = 0;
      if (e instanceof DataError || e instanceof DatasetError) {
        this.data = null; // try again on the next configure or reset, after `npm run data`
        this.report({ kind: 'data', file: e.file, message: e.message });
        return;
      }
      const failed = this.backend?.name;
      if (failed && failed !== 'cpu' && this.config) {
        if (!(await this.selectBackend([failed]))) return;
        const now = this.backend?.name ?? 'cpu';
        this.report({
          kind: 'backend',
          backend: failed,
          message: `The ${failed} backend failed (${errorText(e)}). Switched to ${now} and restarted the run from its seed.`,
        });
        await this.guard(() => this.restart(false));
        return;
      }
      this.report({
        kind: 'internal',
        message: `Something went wrong: ${errorText(e)}. Reset the run to try again.`,
      });
    }
  }

  private excluded: BackendName[] = [];

  /** False when no backend works: the error is reported and the engine can run nothing. */
  private async selectBackend(exclude: readonly BackendName[]): Promise<boolean> {
    this.excluded = [...this.excluded, ...exclude];
    try {
      this.backend = await this.host.chooseBackend(this.excluded);
    } catch (e) {
      this.stopped = true;
      this.disposeRun();
      const working = e instanceof NoBackendError ? e.working : [];
      const offer =
        working.length > 0
          ? ` These work here: ${working.join(', ')}; add ?backend=${working[0]} to the address, or remove ?backend= to let the app choose.`
          : '';
      this.report({
        kind: 'no-backend',
        working,
        message: `${errorText(e).replace(/\.\s*$/, '')}.${offer}`,
      });
      return false;
    }
    this.port.post({ type: 'backend', choice: this.backend });
    return true;
  }

  private report(error: EngineError, refused?: number): void {
    this.flush(true);
    // A configure that failed before its run began (its data, its backend) is answered here.
    // A backend switch restarts the run, which answers the configure itself.
    const tag = refused ?? (error.kind === 'backend' ? undefined : this.answering);
    if (error.kind !== 'backend') this.answering = undefined;
    this.port.post({ type: 'error', runId: this.runId, error, ...(tag !== undefined && { tag }) });
    if (!['invalid-config', 'backend', 'checkpoint'].includes(error.kind)) this.setState('error');
  }

  private setState(state: RunState): void {
    // A new run's first state is news even where it equals the last run's: the page takes a
    // run as loading until its own state arrives (labStore.ts).
    if (state === this.state && state !== 'done' && this.stateRunId === this.runId) return;
    this.state = state;
    this.stateRunId = this.runId;
    this.port.post({ type: 'state', state, runId: this.runId });
  }

  /** Sends the buffered metrics, unless the last batch went out under METRICS_INTERVAL_MS ago. */
  private flush(force: boolean): void {
    if (this.pendingSteps.length === 0 && this.pendingEpochs.length === 0) return;
    const now = this.host.now();
    if (!force && now - this.lastFlush < METRICS_INTERVAL_MS) return;
    this.lastFlush = now;
    this.port.post({
      type: 'metrics',
      runId: this.runId,
      steps: this.pendingSteps,
      epochs: this.pendingEpochs,
    });
    this.pendingSteps = [];
    this.pendingEpochs = [];
  }

  private disposeRun(): void {
    this.run?.dispose();
    this.run = null;
  }
}

/**
 * The resume point's checkpoint as a run snapshot, where it fits the run being resumed (its own
 * configuration, its parameter shapes, a step not past the page's); otherwise none, and the
 * resume replays from the seed as it always could.
 */
function resumeCheckpoint(config: ExperimentConfig, resume: ResumePoint): RunSnapshot | undefined {
  if (!resume.checkpoint) return undefined;
  const checked = checkCheckpoint(resume.checkpoint);
  if (!checked.ok) return undefined;
  const state = checked.state;
  const fits =
    state.config === formatConfigText(config) &&
    state.step <= resume.step &&
    !parameterMismatch(config, state.parameters);
  return fits ? state : undefined;
}
