/** Worker thread body: runs compare tasks posted by the pool, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskResult, type WorkerTask } from './task.ts';

if (!parentPort) throw new Error('server/jobs/worker.ts must run in a worker thread');
const port = parentPort;
port.on('message', (task: WorkerTask) => {
  let result: TaskResult;
  try {
    result = runTask(task);
  } catch {
    result = { ok: false, error: { status: 500, code: 'internal', message: 'The comparison failed unexpectedly.' } };
  }
  port.postMessage(result);
});
