/** A one-line progress bar on stderr (redrawn in place on a terminal, a line per update elsewhere). */
export class ProgressBar {
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, detail = ''): void {
    const now = Date.now();
    const last = done >= this.total;
    if (!last && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 28;
    const filled = Math.round((width * Math.min(done, this.total)) / Math.max(1, this.total));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const text = `${this.label} ${bar} ${done}/${this.total} ${detail}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}\x1b[K${last ? '\n' : ''}`);
    } else if (last || done % Math.max(1, Math.floor(this.total / 10)) === 0) {
      this.stream.write(`${text}\n`);
    }
  }
}

/** `1h02m`, `3m05s`, `12s`: a time left for a progress bar. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}
