/** A worker thread of `parallax batch --jobs N`: compares the lines it is sent, answers with their rows' JSON. */
import { parentPort, workerData } from 'node:worker_threads';
import type { PartialOptions } from '../../engine/types.ts';
import { batchRowText } from './batch-line.ts';

const flag = (workerData as { flag: PartialOptions | undefined }).flag;
parentPort!.on('message', (m: { seq: number; line: string; lineNo: number }) => {
  parentPort!.postMessage({ seq: m.seq, ...batchRowText(m.line, m.lineNo, flag) });
});
