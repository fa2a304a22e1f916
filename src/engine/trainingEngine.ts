import { DataError } from '../data/errors';
import { validateConfigText } from './configEntry';
import { formatConfigText } from '../model/configText';
import type { ExperimentConfig } from '../model/config';
import type { EpochMetrics, StepMetrics } from '../model/metrics';
import type { QuanvSimulator } from '../sim/simulator';
import { errorText, type BackendChoice, type BackendName } from './backend';
import type { EngineCommand, EngineError, EnginePort, RunState } from './protocol';
import type { TrainingData } from './trainingData';
import { TrainingRun } from './trainingRun';

/** What the engine needs from its host: the same engine runs in a Web Worker and in Node. */
export interface EngineHost {
  /** Chooses (or re-chooses, skipping failed ones) the tfjs backend. */
  chooseBackend(exclude: readonly BackendName[]): Promise<BackendChoice>;
  simulator(): QuanvSimulator;
  /** Loads and caches the data; reports progress as fractions of bytes or files. */
  loadData(onProgress: (done: number, total: number) => void): Promise<TrainingData>;
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

/** At most ~30 metric messages a second, however fast training runs, so the page keeps up (docs/architecture.md, "One training step"). */
export const METRICS_INTERVAL_MS = 1000 / 30;

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
    await this.selectBackend([]);
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
          this.report({ kind: 'invalid-config', message: checked.message, errors: checked.errors });
          return; // the current run stays as it was
        }
        this.config = checked.config;
        await this.restart(this.playing);
        return;
      }
      case 'reset':
        if (this.config) await this.restart(false);
        return;
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
        if (this.run && this.state === 'training') this.setState('paused');
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

  /** A new run of the current configuration from its seed (configure, reset, backend switch). */
  private async restart(play: boolean): Promise<void> {
    const config = this.config;
    if (!config) return;
    this.flush(true);
    this.disposeRun();
    this.runId += 1;
    this.playing = false;
    this.stepsOwed = 0;
    if (!this.data) {
      this.setState('loading');
      this.data = await this.host.loadData((done, total) =>
        this.port.post({ type: 'progress', phase: 'data', done, total, runId: this.runId }),
      );
    }
    this.run = new TrainingRun(config, this.host.simulator(), this.data);
    this.port.post({
      type: 'run',
      runId: this.runId,
      config: formatConfigText(config),
      stepsPerEpoch: this.run.stepsPerEpoch,
      totalSteps: this.run.totalSteps,
    });
    this.playing = play;
    this.setState(play ? 'training' : 'paused');
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
      if (e instanceof DataError) {
        this.data = null; // try again on the next configure or reset, after `npm run data`
        this.report({ kind: 'data', file: e.file, message: e.message });
        return;
      }
      const failed = this.backend?.name;
      if (failed && failed !== 'cpu' && this.config) {
        await this.selectBackend([failed]);
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

  private async selectBackend(exclude: readonly BackendName[]): Promise<void> {
    this.excluded = [...this.excluded, ...exclude];
    this.backend = await this.host.chooseBackend(this.excluded);
    this.port.post({ type: 'backend', choice: this.backend });
  }

  private report(error: EngineError): void {
    this.flush(true);
    this.port.post({ type: 'error', runId: this.runId, error });
    if (error.kind !== 'invalid-config' && error.kind !== 'backend') this.setState('error');
  }

  private setState(state: RunState): void {
    if (state === this.state && state !== 'done') return;
    this.state = state;
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
