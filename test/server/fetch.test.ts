import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import * as zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_FETCH_OPTIONS,
  FetchError,
  fetchUrl,
  isPublicAddress,
  type FetchErrorCode,
  type FetchOptions,
  type LookupAllFunction,
} from '../../server/fetch/fetch-url.ts';

const HTML = '<!doctype html><html><head><title>Héllo</title></head><body><p>Story</p></body></html>';
const MB = 1024 * 1024;

let server: http.Server;
let port = 0;
let base = '';
/** Requests seen per path, to prove blocked fetches never reach the server. */
const hits = new Map<string, number>();
const sockets = new Set<Socket>();
/** A gzip body that inflates to 10 MB of zeros (~10 KB on the wire). */
const bomb = zlib.gzipSync(Buffer.alloc(10 * MB));

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const html = (res: http.ServerResponse, body: string | Buffer = HTML, headers: http.OutgoingHttpHeaders = {}): void => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', ...headers });
  res.end(body);
};
const redirect = (res: http.ServerResponse, location: string, status = 302): void => {
  res.writeHead(status, { Location: location });
  res.end();
};
/** Writes a byte every `ms` until the client goes away. */
const drip = (res: http.ServerResponse, ms: number): void => {
  const timer = setInterval(() => res.write('x'), ms);
  res.on('close', () => clearInterval(timer));
};

const routes: Record<string, Handler> = {
  '/html': (_req, res) => html(res),
  '/headers': (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(JSON.stringify(req.headers));
  },
  '/r1': (_req, res) => redirect(res, '/r2'),
  '/r2': (_req, res) => redirect(res, `${base}/html`, 301),
  '/loop-a': (_req, res) => redirect(res, '/loop-b', 307),
  '/loop-b': (_req, res) => redirect(res, '/loop-a', 308),
  '/to-other-loopback': (_req, res) => redirect(res, `http://127.0.0.2:${port}/html`),
  '/to-metadata': (_req, res) => redirect(res, 'http://169.254.169.254/latest/meta-data/'),
  '/to-ftp': (_req, res) => redirect(res, 'ftp://files.example/a.html', 303),
  '/slow-headers': (req, res) => {
    const timer = setTimeout(() => html(res), 3000);
    req.on('close', () => clearTimeout(timer));
  },
  '/drip': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    drip(res, 20);
  },
  '/big-length': (_req, res) => html(res, 'x'.repeat(3000), { 'Content-Length': 3000 }),
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    for (let i = 0; i < 3; i++) res.write('y'.repeat(1000));
    res.end();
  },
  '/bomb': (_req, res) => html(res, bomb, { 'Content-Encoding': 'gzip' }),
  '/pdf': (_req, res) => {
    // Never finishes: if the fetcher tried to download it, the test would time out instead.
    res.writeHead(200, { 'Content-Type': 'application/pdf' });
    drip(res, 20);
  },
  '/png': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  },
  '/gzip': (_req, res) => html(res, zlib.gzipSync(HTML), { 'Content-Encoding': 'gzip' }),
  '/deflate': (_req, res) => html(res, zlib.deflateSync(HTML), { 'Content-Encoding': 'deflate' }),
  '/deflate-raw': (_req, res) => html(res, zlib.deflateRawSync(HTML), { 'Content-Encoding': 'deflate' }),
  '/br': (_req, res) => html(res, zlib.brotliCompressSync(HTML), { 'Content-Encoding': 'br' }),
  '/zstd': (_req, res) => html(res, 'whatever', { 'Content-Encoding': 'zstd' }),
  '/corrupt-gzip': (_req, res) => html(res, 'definitely not gzip data', { 'Content-Encoding': 'gzip' }),
  '/missing': (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end('<p>not here</p>');
  },
  '/untyped-html': (_req, res) => {
    res.writeHead(200);
    res.end(`\ufeff  <!-- generated -->\n${HTML}`);
  },
  '/untyped-text': (_req, res) => {
    res.writeHead(200);
    res.end('just some bytes');
  },
  '/xhtml': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'Application/XHTML+XML; Charset="ISO-8859-1"' });
    res.end(HTML);
  },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const chain = /^\/chain\/(\d+)$/.exec(path);
    if (chain) {
      const n = Number(chain[1]);
      return n === 0 ? html(res) : redirect(res, `/chain/${n - 1}`);
    }
    const handler = routes[path];
    if (handler) return handler(req, res);
    res.writeHead(500);
    res.end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  // The fetcher must never leave a socket open, whether it succeeded or failed.
  await vi.waitFor(() => expect(sockets.size).toBe(0), { timeout: 1000, interval: 10 });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Options for talking to the local test server. */
const local = (extra: Partial<FetchOptions> = {}): Partial<FetchOptions> => ({ allowPrivateAddresses: true, ...extra });

async function expectFailure(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FetchError);
  const fetchError = err as FetchError;
  expect(fetchError.code, fetchError.message).toBe(code);
  expect(fetchError.message).toMatch(/^Could not fetch .+: .+\.$/);
  return fetchError;
}

/** A lookup override answering from a fixed table, recording the names asked. */
function fakeDns(table: Record<string, string[]>, asked: string[] = []): LookupAllFunction {
  return (hostname, _options, callback) => {
    asked.push(hostname);
    const addresses = table[hostname];
    setImmediate(() => {
      if (!addresses) {
        const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
        err.code = 'ENOTFOUND';
        callback(err, []);
      } else {
        callback(
          null,
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
      }
    });
  };
}

const text = (body: Uint8Array): string => new TextDecoder().decode(body);

describe('fetchUrl: success', () => {
  it('fetches HTML and reports media type and charset', async () => {
    const page = await fetchUrl(`${base}/html`, local());
    expect(page).toMatchObject({
      url: `${base}/html`,
      finalUrl: `${base}/html`,
      status: 200,
      contentType: 'text/html',
      charset: 'utf-8',
      redirects: [],
    });
    expect(page.body).toBeInstanceOf(Uint8Array);
    expect(text(page.body)).toBe(HTML);
  });

  it('lower-cases the media type and unquotes the charset', async () => {
    const page = await fetchUrl(`${base}/xhtml`, local());
    expect(page.contentType).toBe('application/xhtml+xml');
    expect(page.charset).toBe('iso-8859-1');
  });

  it('sends an honest User-Agent and asks for compressed content', async () => {
    const page = await fetchUrl(`${base}/headers`, local());
    const headers = JSON.parse(text(page.body)) as Record<string, string>;
    expect(headers['user-agent']).toBe(DEFAULT_FETCH_OPTIONS.userAgent);
    expect(headers['user-agent']).toMatch(/^Parallax\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/parallax; article comparison\)$/);
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(page.contentType).toBe('text/plain');
    expect(page.charset).toBeUndefined();
  });

  it.each(['gzip', 'deflate', 'deflate-raw', 'br'])('decodes %s bodies', async (route) => {
    const page = await fetchUrl(`${base}/${route}`, local());
    expect(text(page.body)).toBe(HTML);
  });

  it('accepts an untyped body that starts like HTML and reports it as text/html', async () => {
    const page = await fetchUrl(`${base}/untyped-html`, local());
    expect(page.contentType).toBe('text/html');
    expect(page.charset).toBeUndefined();
  });

  it('uses the lookup override and keeps the host name in the Host header', async () => {
    const asked: string[] = [];
    const page = await fetchUrl(`http://news.test:${port}/headers`, local({ lookup: fakeDns({ 'news.test': ['127.0.0.1'] }, asked) }));
    expect(asked).toEqual(['news.test']);
    expect((JSON.parse(text(page.body)) as Record<string, string>).host).toBe(`news.test:${port}`);
  });

  it('connects to the address it checked, not to a later DNS answer (no rebinding)', async () => {
    let calls = 0;
    // First answer passes the policy; any later answer points elsewhere (no server on 127.0.0.2).
    const rebinding: LookupAllFunction = (_hostname, _options, callback) => {
      calls += 1;
      const address = calls === 1 ? '127.0.0.1' : '127.0.0.2';
      setImmediate(() => callback(null, [{ address, family: 4 }]));
    };
    const page = await fetchUrl(`http://rebind.test:${port}/html`, {
      lookup: rebinding,
      isAllowedAddress: (ip) => ip === '127.0.0.1',
    });
    expect(text(page.body)).toBe(HTML);
    expect(calls).toBe(1);
  });
});

describe('fetchUrl: redirects', () => {
  it('follows a chain of two and reports every hop', async () => {
    const page = await fetchUrl(`${base}/r1`, local());
    expect(page.url).toBe(`${base}/r1`);
    expect(page.finalUrl).toBe(`${base}/html`);
    expect(page.redirects).toEqual([`${base}/r2`, `${base}/html`]);
    expect(text(page.body)).toBe(HTML);
  });

  it('follows exactly maxRedirects', async () => {
    const page = await fetchUrl(`${base}/chain/5`, local());
    expect(page.redirects).toHaveLength(5);
    expect(page.finalUrl).toBe(`${base}/chain/0`);
  });

  it('refuses a sixth redirect', async () => {
    const before = hits.get('/chain/0') ?? 0;
    const err = await expectFailure(fetchUrl(`${base}/chain/6`, local()), 'too-many-redirects');
    expect(err.message).toContain('more than 5 times');
    expect(hits.get('/chain/0') ?? 0).toBe(before);
  });

  it('detects a redirect loop', async () => {
    const err = await expectFailure(fetchUrl(`${base}/loop-a`, local()), 'too-many-redirects');
    expect(err.message).toContain('loop');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    await expectFailure(fetchUrl(`${base}/to-ftp`, local()), 'unsupported-scheme');
  });

  it.each([
    ['/to-other-loopback', '127.0.0.2'],
    ['/to-metadata', '169.254.169.254'],
  ])('re-checks the address on every hop (%s)', async (route, blocked) => {
    const err = await expectFailure(
      fetchUrl(`${base}${route}`, { isAllowedAddress: (ip) => ip === '127.0.0.1' }),
      'blocked-address',
    );
    expect(err.message).toContain(blocked);
    expect(err.message).toContain(`redirected from ${base}${route}`);
    expect(err.url).not.toBe(`${base}${route}`);
  });
});

describe('fetchUrl: address policy', () => {
  it('refuses loopback by default without ever connecting', async () => {
    const before = hits.get('/html') ?? 0;
    const err = await expectFailure(fetchUrl(`${base}/html`), 'blocked-address');
    expect(err.message).toContain('127.0.0.1');
    expect(hits.get('/html') ?? 0).toBe(before);
  });

  it.each([
    `http://[::1]:PORT/html`,
    `http://0x7f.1:PORT/html`,
    `http://2130706433:PORT/html`,
    `http://[::ffff:127.0.0.1]:PORT/html`,
    `http://169.254.169.254/latest/meta-data/`,
    `http://[fd00:ec2::254]/latest/meta-data/`,
  ])('refuses the IP literal %s without a DNS lookup', async (template) => {
    const asked: string[] = [];
    await expectFailure(fetchUrl(template.replace('PORT', String(port)), { lookup: fakeDns({}, asked) }), 'blocked-address');
    expect(asked).toEqual([]);
  });

  it('refuses a name if any of its addresses is private', async () => {
    const lookup = fakeDns({ 'mixed.test': ['93.184.216.34', '10.0.0.1'] });
    const err = await expectFailure(fetchUrl('http://mixed.test/', { lookup }), 'blocked-address');
    expect(err.message).toContain('mixed.test resolves to 10.0.0.1');
  });

  it('refuses localhost', async () => {
    await expectFailure(fetchUrl(`http://localhost:${port}/html`), 'blocked-address');
  });
});

describe('fetchUrl: timeouts', () => {
  it('times out when headers never come', async () => {
    const started = Date.now();
    const err = await expectFailure(fetchUrl(`${base}/slow-headers`, local({ timeoutMs: 300 })), 'timeout');
    expect(err.message).toBe(`Could not fetch ${base}/slow-headers: the server did not answer within 300 ms.`);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('applies the total timeout to a body that drips', async () => {
    const err = await expectFailure(fetchUrl(`${base}/drip`, local({ timeoutMs: 300 })), 'timeout');
    expect(err.message).toContain('did not finish downloading within 300 ms');
  });

  it('applies the connect timeout (including name resolution)', async () => {
    const hang: LookupAllFunction = () => {};
    const err = await expectFailure(
      fetchUrl('http://hang.test/', { lookup: hang, connectTimeoutMs: 200, timeoutMs: 5000 }),
      'timeout',
    );
    expect(err.message).toContain('could not connect to the server within 200 ms');
  });

  it('counts the TLS handshake as part of connecting', async () => {
    // Accepts TCP but never answers the TLS ClientHello.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const err = await expectFailure(
        fetchUrl(`https://127.0.0.1:${silentPort}/`, local({ connectTimeoutMs: 200, timeoutMs: 5000 })),
        'timeout',
      );
      expect(err.message).toContain('could not connect to the server within 200 ms');
      await vi.waitFor(
        () =>
          new Promise<void>((resolve, reject) =>
            silent.getConnections((e, n) => (e ? reject(e) : n === 0 ? resolve() : reject(new Error(`${n} open`)))),
          ),
        { timeout: 1000, interval: 10 },
      );
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('fetchUrl: size limits', () => {
  it('refuses a declared Content-Length over the cap at once', async () => {
    const err = await expectFailure(fetchUrl(`${base}/big-length`, local({ maxBytes: 2000 })), 'too-large');
    expect(err.message).toContain('2.9 KB');
  });

  it('stops a chunked body without length at the cap', async () => {
    await expectFailure(fetchUrl(`${base}/big-chunked`, local({ maxBytes: 2000 })), 'too-large');
    // At the cap exactly is fine.
    const page = await fetchUrl(`${base}/big-chunked`, local({ maxBytes: 3000 }));
    expect(page.body.length).toBe(3000);
  });

  it('stops a gzip bomb by counting decompressed bytes', async () => {
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expectFailure(fetchUrl(`${base}/bomb`, local({ maxBytes: MB })), 'too-large');
  });
});

describe('fetchUrl: content and status', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
  ])('refuses %s without downloading it', async (route, type) => {
    const err = await expectFailure(fetchUrl(`${base}/${route}`, local({ timeoutMs: 2000 })), 'content-type');
    expect(err.message).toContain(type);
  });

  it('refuses an untyped body that does not look like HTML', async () => {
    await expectFailure(fetchUrl(`${base}/untyped-text`, local()), 'content-type');
  });

  it('refuses an unknown Content-Encoding by name', async () => {
    const err = await expectFailure(fetchUrl(`${base}/zstd`, local()), 'content-type');
    expect(err.message).toContain('"zstd"');
  });

  it('reports a corrupt compressed body as a network error', async () => {
    await expectFailure(fetchUrl(`${base}/corrupt-gzip`, local()), 'network');
  });

  it('reports a 404 with its status', async () => {
    const err = await expectFailure(fetchUrl(`${base}/missing`, local()), 'http-status');
    expect(err.status).toBe(404);
    expect(err.message).toContain('HTTP 404');
  });
});

describe('fetchUrl: connection and input errors', () => {
  it('reports a closed port as refused', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expectFailure(fetchUrl(`http://127.0.0.1:${closedPort}/`, local()), 'refused');
  });

  it('reports an unknown host name as a DNS failure', async () => {
    const err = await expectFailure(fetchUrl('http://no-such-host.invalid/'), 'dns');
    expect(err.message).toContain('no-such-host.invalid could not be found');
  });

  it.each([
    ['not a url', 'invalid-url'],
    ['', 'invalid-url'],
    ['http://user:secret@example.com/', 'invalid-url'],
    ['ftp://example.com/story.html', 'unsupported-scheme'],
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['javascript:alert(1)', 'unsupported-scheme'],
  ] as const)('refuses %j as %s', async (url, code) => {
    const err = await expectFailure(fetchUrl(url), code);
    expect(err.url).toBe(url);
  });
});

describe('isPublicAddress', () => {
  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '192.0.2.1',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
    '64:ff9b::a00:1',
    '::127.0.0.1',
    '224.0.0.1',
    'ff02::1',
    '2001:db8::1',
    '[::1]',
    '0x7f.1',
    '2130706433',
    'example.com',
    '',
  ])('%j is not public', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '[2606:4700:4700::1111]', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%j is public',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );
});
