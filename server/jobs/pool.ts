/**
 * A fixed pool of worker threads running compare tasks, so comparisons never block the event
 * loop that answers HTTP. Interactive requests jump ahead of batch items. A worker that dies or
 * overruns its time budget is replaced; its task fails with a clear error.
 */
import { Worker } from 'node:worker_threads';
import type { TaskResult, WorkerTask } from './task.ts';

export interface WorkerPool {
  /** Runs a task; `priority: 'high'` (interactive) goes before `'low'` (batch items). */
  run(task: WorkerTask, priority?: 'high' | 'low'): Promise<TaskResult>;
  readonly size: number;
  /** Tasks running or waiting. */
  pending(): number;
  /** Waits for running tasks, then stops the threads. */
  close(): Promise<void>;
}

export interface PoolOptions {
  size: number;
  /** A task running longer than this is abandoned (its worker restarted) and fails. */
  taskTimeoutMs: number;
}

interface Job {
  task: WorkerTask;
  resolve: (r: TaskResult) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  /** Replaced (timed out or crashed): its late messages and exit are ignored. */
  dead: boolean;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/** Starts `size` worker threads. */
export function createWorkerPool(options: PoolOptions): WorkerPool {
  const high: Job[] = [];
  const low: Job[] = [];
  const slots: Slot[] = [];
  let closing = false;
  let accepting = true;

  const fail = (job: Job, status: number, code: string, message: string): void => {
    if (job.timer) clearTimeout(job.timer);
    job.resolve({ ok: false, error: { status, code, message } });
  };

  /** Puts a fresh worker in place of `slot` (which is abandoned) and gives it work. */
  const replace = (slot: Slot): void => {
    slot.dead = true;
    const i = slots.indexOf(slot);
    if (i < 0 || closing) return;
    slots[i] = spawn();
    next(slots[i]!);
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(ENTRY), job: undefined, dead: false };
    slot.worker.unref();
    slot.worker.on('message', (result: TaskResult) => {
      if (slot.dead) return;
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if (job.timer) clearTimeout(job.timer);
        job.resolve(result);
      }
      next(slot);
    });
    const crashed = (why: string): void => {
      if (slot.dead) return;
      const job = slot.job;
      slot.job = undefined;
      if (job) fail(job, 500, 'worker-failed', `The comparison stopped unexpectedly (${why}).`);
      replace(slot);
    };
    slot.worker.on('error', (e) => crashed(e.message));
    slot.worker.on('exit', (code) => {
      if (!closing) crashed(`worker exited with code ${code}`);
    });
    return slot;
  };

  const next = (slot: Slot): void => {
    if (slot.job || slot.dead || closing) return;
    const job = high.shift() ?? low.shift();
    if (!job) return;
    slot.job = job;
    job.timer = setTimeout(() => {
      if (slot.job !== job) return;
      slot.job = undefined;
      fail(job, 503, 'timeout', `The comparison took longer than ${Math.round(options.taskTimeoutMs / 1000)} s and was stopped.`);
      // The old thread may take a while to stop: a new one takes its place at once, so no job
      // is ever sent to a dying worker.
      void slot.worker.terminate();
      replace(slot);
    }, options.taskTimeoutMs);
    job.timer.unref();
    slot.worker.postMessage(job.task);
  };

  for (let i = 0; i < options.size; i++) slots.push(spawn());

  return {
    size: options.size,
    run(task, priority = 'high') {
      return new Promise<TaskResult>((resolve) => {
        if (!accepting) {
          resolve({ ok: false, error: { status: 503, code: 'shutting-down', message: 'The server is shutting down.' } });
          return;
        }
        (priority === 'high' ? high : low).push({ task, resolve });
        const idle = slots.find((s) => !s.job && !s.dead);
        if (idle) next(idle);
      });
    },
    pending() {
      return high.length + low.length + slots.filter((s) => s.job).length;
    },
    async close() {
      accepting = false;
      const waiting = [...high.splice(0), ...low.splice(0)];
      for (const job of waiting) fail(job, 503, 'shutting-down', 'The server is shutting down.');
      // Let running tasks finish (they are short), then stop the threads; any still running fail.
      const deadline = Date.now() + options.taskTimeoutMs;
      while (slots.some((s) => s.job) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      closing = true;
      for (const slot of slots) {
        if (slot.job) fail(slot.job, 503, 'shutting-down', 'The server is shutting down.');
        slot.job = undefined;
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
