/** Worker thread body: runs compare tasks posted by the pool, one at a time. */
import { parentPort } from 'node:worker_threads';
import { causeOf, runTask, type TaskResult, type WorkerTask } from './task.ts';

if (!parentPort) throw new Error('server/jobs/worker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (task: WorkerTask) => {
  let result: TaskResult;
  try {
    result = runTask(task);
  } catch (e) {
    result = { ok: false, error: { status: 500, code: 'internal', message: 'The comparison failed unexpectedly.', cause: causeOf(e) } };
  }
  try {
    port.postMessage(result);
  } catch (e) {
    // A result that cannot be sent back (it cannot be cloned) must still answer the task.
    port.postMessage({ ok: false, error: { status: 500, code: 'internal', message: 'The result could not be returned.', cause: causeOf(e) } } satisfies TaskResult);
  }
});
// Loaded: the pool may send work (and start timing it) from now on.
port.postMessage({ ready: true });
