/*
 * One worker thread of `npm run sweep -- --workers N`: a training engine of its own (tfjs is
 * single-threaded per engine), fed one configuration text at a time by sweepPool.ts.
 */
import { parentPort } from 'node:worker_threads';
import { nodeHost, quietTfjs } from '../../src/engine/nodeHost';
import { runInNode } from '../../src/engine/nodeRunner';

quietTfjs();
// One kernel thread each: the sweep already runs one engine per core.
const host = nodeHost({ threads: 1 });
parentPort?.on('message', (message: { id: number; config: string }) => {
  runInNode(host, message.config).then(
    (record) => parentPort?.postMessage({ id: message.id, record }),
    (e: unknown) =>
      parentPort?.postMessage({
        id: message.id,
        error: e instanceof Error ? e.message : String(e),
      }),
  );
});
