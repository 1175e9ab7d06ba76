/** Runs the CLI in-process with captured stdout and stderr. */
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../server/cli/main.ts';

export async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: string[] = [];
  const errChunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  err.on('data', (c: Buffer) => errChunks.push(c.toString()));
  const code = await runCli(args, { stdout: out, stderr: err, stdin: Readable.from([stdin]) });
  return { code, stdout: chunks.join(''), stderr: errChunks.join('') };
}
