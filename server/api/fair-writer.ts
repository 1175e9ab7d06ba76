/**
 * Streams many large responses at once without holding up the event loop: one loop serves every
 * open stream in turn, writing at most `bytesPerTurn` in all per turn of the event loop, then
 * yields. A stream whose client is not reading waits for `drain` outside the loop, and is dropped
 * after `idleTimeoutMs` without progress. So hundreds of readers who never read cost no more than
 * one, and a health check waits at most one short turn.
 */
import type { Response } from 'express';

/**
 * Where a stream's bytes come from: the next chunk, or null at the end, at once or later (a store
 * read). Called only when needed, never again before the last call has answered.
 */
export type ChunkSource = () => Buffer | null | Promise<Buffer | null>;

export interface FairWriter {
  /** Streams `source` into `res`, then ends it. Errors from the source destroy the response and go to `onError`. */
  stream(res: Response, source: ChunkSource, onError: (e: unknown) => void): void;
  /** Streams currently open (waiting or being served). */
  open(): number;
}

interface Stream {
  res: Response;
  source: ChunkSource;
  onError: (e: unknown) => void;
  /** Bytes read from the source and not yet written. */
  buffered: Buffer | null;
  /** Waiting for the source's answer, out of the loop. */
  reading: boolean;
  closed: boolean;
  idle?: NodeJS.Timeout;
}

/** A writer serving its streams round-robin. */
export function createFairWriter(options: { bytesPerTurn: number; sliceBytes: number; idleTimeoutMs: number }): FairWriter {
  const ready: Stream[] = [];
  let open = 0;
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled || ready.length === 0) return;
    scheduled = true;
    setImmediate(turn);
  };

  const finish = (s: Stream): void => {
    if (s.closed) return;
    s.closed = true;
    clearTimeout(s.idle);
    open -= 1;
  };

  const fail = (s: Stream, e: unknown): void => {
    finish(s);
    s.onError(e);
    s.res.destroy(e as Error);
  };

  /** Writes one slice of `s`; returns the bytes written, and whether `s` can go on at once. */
  const step = (s: Stream): { bytes: number; more: boolean } => {
    if (!s.buffered || s.buffered.length === 0) {
      const next = s.source();
      if (next instanceof Promise) {
        // The source answers later: the stream leaves the loop until it has.
        s.reading = true;
        next.then((chunk) => {
          s.reading = false;
          if (s.closed) return;
          if (chunk === null) {
            finish(s);
            s.res.end();
            return;
          }
          s.buffered = chunk;
          ready.push(s);
          schedule();
        }, (e: unknown) => {
          s.reading = false;
          if (!s.closed) fail(s, e);
        });
        return { bytes: 0, more: false };
      }
      if (next === null) {
        finish(s);
        s.res.end();
        return { bytes: 0, more: false };
      }
      s.buffered = next;
    }
    const slice = s.buffered.subarray(0, options.sliceBytes);
    s.buffered = slice.length === s.buffered.length ? null : s.buffered.subarray(slice.length);
    const ok = s.res.write(slice);
    if (!ok) {
      // The client's buffer is full: wait for it outside the loop, for a while.
      s.idle = setTimeout(() => s.res.destroy(), options.idleTimeoutMs);
      s.idle.unref();
      s.res.once('drain', () => {
        clearTimeout(s.idle);
        if (!s.closed) {
          ready.push(s);
          schedule();
        }
      });
      return { bytes: slice.length, more: false };
    }
    return { bytes: slice.length, more: true };
  };

  const turn = (): void => {
    scheduled = false;
    let budget = options.bytesPerTurn;
    // Each stream in the queue gets one slice per pass; passes go on until the budget is spent.
    while (budget > 0 && ready.length > 0) {
      const s = ready.shift()!;
      if (s.closed) continue;
      try {
        const { bytes, more } = step(s);
        budget -= Math.max(bytes, 1);
        if (more && !s.closed) ready.push(s);
      } catch (e) {
        fail(s, e);
      }
    }
    schedule();
  };

  return {
    stream(res, source, onError) {
      const s: Stream = { res, source, onError, buffered: null, reading: false, closed: false };
      open += 1;
      res.on('close', () => finish(s));
      ready.push(s);
      schedule();
    },
    open: () => open,
  };
}
