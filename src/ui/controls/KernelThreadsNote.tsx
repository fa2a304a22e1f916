import type { BackendChoice } from '../../engine/backend';

/** One line under the backend: the CPU kernel's threads, and why one where it could be two. */
export function KernelThreadsNote({
  threading,
}: {
  threading: NonNullable<BackendChoice['cpuKernel']>;
}) {
  return (
    <p className="backend" data-testid="cpu-kernel">
      <span className="muted">CPU kernel </span>
      <strong>
        WebAssembly SIMD, {threading.threads} thread{threading.threads === 2 ? 's' : ''}
      </strong>
      {threading.reason ? <span className="muted"> ({threading.reason})</span> : null}
    </p>
  );
}
