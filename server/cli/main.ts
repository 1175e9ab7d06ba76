/**
 * The `parallax` command: dispatches to a command module, loaded only when its command runs, so
 * `--version` loads nothing and `compare`, `batch` and `extract` load neither Express, SQLite nor pino.
 */
import { isInputError } from '../../engine/errors.ts';
import { ENGINE_VERSION } from '../../engine/version.ts';
import { isFileError } from '../ingest/errors.ts';
import { EXIT, UsageError, type Io } from './common.ts';

export { EXIT } from './common.ts';

const HELP = `parallax ${ENGINE_VERSION}: compare how outlets cover the same event

Usage:
  parallax compare <request.json | folder | file|url...> [--format json|text|md] [--options JSON]
  parallax provenance <derived> [<source>...] [--format json|text] [--options JSON]
  parallax extract <file|url>... [--json]
  parallax batch <in.jsonl | -> [--options JSON] [--jobs N]
  parallax serve             (the HTTP API and web UI; configured by environment variables)
  parallax worker [--concurrency N]  (runs queued batch items; needs PARALLAX_REDIS_URL)
  parallax help | --version

compare  Compares 2 to 12 articles. Give a request file ({"articles": [...], "options": {...}}),
         an event folder (article .txt/.md files, e.g. seeds/<event>/), or the article files
         themselves (.txt in the seed format: title line, one paragraph per line, a trailing
         "Related Sources:" footer; .md with YAML front matter; .html pages; http(s) URLs).
         "-" reads a request from stdin. A file or URL that fails is reported on stderr and
         left out, as long as 2 articles remain.
         --format json (default) prints the comparison JSON; text and md print a readable report.
provenance  Traces a derived article (a rewrite, an aggregation) to its sources, sentence by
         sentence: which source each sentence comes from, verbatim, paraphrased or partly, and
         which no source supports. Files or URLs as for compare; with no sources, the URLs of
         the derived file's "Related Sources:" footer are fetched. --format text prints a report.
extract  Extracts the article (title, byline, date, outlet, URL, language, paragraphs) from HTML
         pages, text files or URLs. --json prints one line per input, in order:
         {"input", "article"} or {"input", "error": {"code", "message"}}; it exits 0 even when
         some inputs failed (the rows say which). Without --json, a readable listing.
--allow-private-addresses  Let URLs reach private, loopback and link-local addresses (refused by
         default, so a URL cannot reach services inside your network).
batch    Reads one request per line ({"id", "articles", "options"?}) and writes one line per
         request, in input order: {"id", "comparison"} or {"id", "error": {"message", ...}}.
         A bad line gives an error row; the batch goes on. --jobs N compares on N worker
         threads (default: the number of cores); the output is the same for any N.
worker   Takes batch items from BullMQ on Redis (PARALLAX_REDIS_URL) and runs them on N worker
         threads (default: the number of cores), recording results in the shared store
         (PARALLAX_DATABASE_URL). Start as many as you like, on any machine; SIGTERM finishes
         the running items first.
--options  JSON merged over each request's options, e.g. '{"alignment":{"linkThreshold":0.3}}'.

Exit codes: 0 done; 2 usage error; 65 input not acceptable; 66 input not readable; 1 internal error.`;

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: Io = process): Promise<number> {
  const err = (msg: string): void => void io.stderr.write(`parallax: ${msg}\n`);
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${HELP}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case '--version':
      case 'version':
        io.stdout.write(`${ENGINE_VERSION}\n`);
        return EXIT.ok;
      case 'compare':
        return await (await import('./articles.ts')).compareCommand(rest, io);
      case 'provenance':
        return await (await import('./articles.ts')).provenanceCommand(rest, io);
      case 'batch':
        return await (await import('./batch.ts')).batchCommand(rest, io);
      case 'extract':
        return await (await import('./articles.ts')).extractCommand(rest, io);
      case 'serve': {
        const { main } = await import('../main.ts');
        await main();
        return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
      }
      case 'worker': {
        let concurrency: number | undefined;
        for (let i = 0; i < rest.length; i++) {
          const a = rest[i]!;
          const v = a === '--concurrency' ? rest[++i] : a.startsWith('--concurrency=') ? a.slice('--concurrency='.length) : undefined;
          if (v === undefined) throw new UsageError(a === '--concurrency' ? '--concurrency needs a number' : `unknown option "${a}" for worker`);
          if (!/^\d{1,3}$/.test(v) || Number(v) < 1) throw new UsageError(`--concurrency must be a whole number from 1 to 999 (got "${v}")`);
          concurrency = Number(v);
        }
        const { startWorker } = await import('../worker-main.ts');
        let w: Awaited<ReturnType<typeof startWorker>>;
        try {
          w = await startWorker(concurrency);
        } catch (e) {
          err(`cannot start the worker: ${(e as Error).message}`);
          return EXIT.internal;
        }
        await new Promise<void>((resolve) => {
          const stop = (): void => void w.close().then(resolve, resolve);
          process.once('SIGTERM', stop);
          process.once('SIGINT', stop);
        });
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`${e.message}\nRun "parallax help" for usage.`);
      return EXIT.usage;
    }
    if (isFileError(e)) {
      err(e.message);
      return e.code === 'not-found' || e.code === 'unreadable' ? EXIT.noInput : EXIT.data;
    }
    if (isInputError(e)) {
      err(e.message);
      return EXIT.data;
    }
    err(`internal error: ${(e as Error).stack ?? String(e)}`);
    return EXIT.internal;
  }
}
