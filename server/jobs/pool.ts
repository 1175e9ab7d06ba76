/**
 * A fixed pool of worker threads running compare tasks, so comparisons never block the event
 * loop that answers HTTP. Interactive requests jump ahead of batch items. Each thread has a heap
 * limit; a worker that dies, runs out of memory or overruns its time budget is replaced, and its
 * task alone fails with a clear error. Nothing here can throw into the process: a task that
 * cannot even be handed to a thread fails by itself.
 */
import { FROM_BUILD } from '../build-info.ts';
import { Worker } from 'node:worker_threads';
import { causeOf, type TaskResult, type WorkerTask } from './task.ts';

export interface WorkerPool {
  /** Runs a task; `priority: 'high'` (interactive) goes before `'low'` (batch items). */
  run(task: WorkerTask, priority?: 'high' | 'low'): Promise<TaskResult>;
  readonly size: number;
  /** Tasks running or waiting. */
  pending(): number;
  /** What the pool is doing, for health checks. */
  stats(): PoolStats;
  /** Waits for running tasks, then stops the threads. */
  close(): Promise<void>;
}

export interface PoolStats {
  size: number;
  busy: number;
  waiting: { high: number; low: number };
  /** How long the longest-running task has run (ms), 0 when idle. */
  oldestRunningMs: number;
  /** Workers replaced since start (crashed, out of memory or timed out). */
  replaced: number;
}

export interface PoolOptions {
  size: number;
  /** A task running longer than this is abandoned (its worker restarted) and fails. */
  taskTimeoutMs: number;
  /** Old-generation heap of each worker thread (MB); a task that needs more fails alone. Default: Node's. */
  heapMb?: number;
  /** Told of every failure with an internal cause (worker crash, result that could not be returned...). */
  onError?: (cause: string, task: WorkerTask['kind']) => void;
}

interface Job {
  task: WorkerTask;
  resolve: (r: TaskResult) => void;
  timer?: NodeJS.Timeout;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  /** Replaced (timed out or crashed): its late messages and exit are ignored. */
  dead: boolean;
  /** The thread has loaded its code (its start-up is not counted against a task's time). */
  ready: boolean;
}

/** The worker thread's entry: the built one beside this chunk, or the source one (which registers tsx). */
const ENTRY = FROM_BUILD ? new URL('./worker.js', import.meta.url) : new URL('./worker-entry.mjs', import.meta.url);

/** Starts `size` worker threads. */
export function createWorkerPool(options: PoolOptions): WorkerPool {
  const high: Job[] = [];
  const low: Job[] = [];
  const slots: Slot[] = [];
  let closing = false;
  let accepting = true;
  let replaced = 0;

  const settle = (job: Job, result: TaskResult): void => {
    if (job.timer) clearTimeout(job.timer);
    if (!result.ok && result.error.cause) options.onError?.(result.error.cause, job.task.kind);
    if (result.ok && result.cause) options.onError?.(result.cause, job.task.kind);
    job.resolve(result);
  };
  const fail = (job: Job, status: number, code: string, message: string, cause?: string): void => {
    settle(job, { ok: false, error: { status, code, message, ...(cause ? { cause } : {}) } });
  };

  /** Puts a fresh worker in place of `slot` (which is abandoned) and gives it work. */
  const replace = (slot: Slot): void => {
    slot.dead = true;
    const i = slots.indexOf(slot);
    if (i < 0 || closing) return;
    replaced += 1;
    slots[i] = spawn();
    next(slots[i]!);
  };

  const spawn = (): Slot => {
    const worker = new Worker(ENTRY, options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {});
    const slot: Slot = { worker, job: undefined, dead: false, ready: false };
    worker.unref();
    worker.on('message', (result: TaskResult | { ready: true }) => {
      if (slot.dead) return;
      if ('ready' in result) {
        slot.ready = true;
        next(slot);
        return;
      }
      const job = slot.job;
      slot.job = undefined;
      if (job) settle(job, result);
      next(slot);
    });
    const crashed = (e: unknown): void => {
      if (slot.dead) return;
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if ((e as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          fail(job, 422, 'out-of-memory', `The comparison needed more than the ${options.heapMb ?? 'available'} MB of memory one comparison may use here; compare fewer or shorter articles, or keep the default options.`);
        } else {
          fail(job, 500, 'worker-failed', 'The comparison stopped unexpectedly.', causeOf(e));
        }
      } else if (!closing) options.onError?.(causeOf(e), 'compare');
      replace(slot);
    };
    worker.on('error', crashed);
    worker.on('exit', (code) => {
      if (!closing) crashed(new Error(`worker exited with code ${code}`));
    });
    return slot;
  };

  /** Gives `slot` the next job; a job that cannot be handed over fails, and the next one is tried. */
  const next = (slot: Slot): void => {
    while (!slot.job && !slot.dead && slot.ready && !closing) {
      const job = high.shift() ?? low.shift();
      if (!job) return;
      try {
        // Structured cloning recurses: a pathological task throws here, and must fail alone.
        slot.worker.postMessage(job.task);
      } catch (e) {
        fail(job, 422, 'invalid-request', 'The request could not be handed to a worker (it is nested too deeply or holds values that cannot be copied).', causeOf(e));
        continue;
      }
      slot.job = job;
      job.startedAt = Date.now();
      job.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slot.job = undefined;
        fail(job, 503, 'timeout', `The comparison took longer than ${Math.round(options.taskTimeoutMs / 1000)} s and was stopped.`);
        // The old thread may take a while to stop: a new one takes its place at once, so no job
        // is ever sent to a dying worker.
        void slot.worker.terminate().catch(() => undefined);
        replace(slot);
      }, options.taskTimeoutMs);
      job.timer.unref();
    }
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
        const idle = slots.find((s) => !s.job && !s.dead && s.ready);
        if (idle) next(idle);
      });
    },
    pending() {
      return high.length + low.length + slots.filter((s) => s.job).length;
    },
    stats() {
      const now = Date.now();
      const running = slots.flatMap((s) => (s.job?.startedAt !== undefined ? [now - s.job.startedAt] : []));
      return { size: options.size, busy: running.length, waiting: { high: high.length, low: low.length }, oldestRunningMs: running.length > 0 ? Math.max(...running) : 0, replaced };
    },
    async close() {
      accepting = false;
      const deadline = Date.now() + options.taskTimeoutMs;
      // Threads still starting take the tasks they were meant for first.
      while (slots.some((s) => !s.ready && !s.dead) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const waiting = [...high.splice(0), ...low.splice(0)];
      for (const job of waiting) fail(job, 503, 'shutting-down', 'The server is shutting down.');
      // Let running tasks finish (they are short), then stop the threads; any still running fail.
      while (slots.some((s) => s.job) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      closing = true;
      for (const slot of slots) {
        if (slot.job) fail(slot.job, 503, 'shutting-down', 'The server is shutting down.');
        slot.job = undefined;
      }
      await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
    },
  };
}
