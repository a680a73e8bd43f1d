// A real REST API for REST tools to call: json-server (an Express app over an in-memory
// database) on a free loopback port, with every request it gets recorded, plus a few routes of
// our own for what json-server cannot do by itself: answer with a chosen status, answer late,
// answer with no content or with text.
import jsonServer from 'json-server';

/**
 * Starts the API. Returns {base, port, seen: [{method, url, path, query, headers, body}], aborted(), close()}:
 * aborted() counts /slow requests whose client closed the connection before the answer.
 * `db` is json-server's database (collections of objects with ids).
 */
export async function startRestApi(db = defaultDb()) {
  const app = jsonServer.create();
  const seen = [];
  app.use(jsonServer.defaults({ logger: false, noCors: true }));
  app.use(jsonServer.bodyParser);
  app.use((req, res, next) => {
    seen.push({ method: req.method, url: req.originalUrl, path: req.path, query: { ...req.query },
      headers: { ...req.headers }, body: req.body === undefined ? undefined : JSON.parse(JSON.stringify(req.body)) });
    next();
  });
  app.all('/status/:code', (req, res) => {
    const code = Number(req.params.code);
    const retryAfter = req.query.retry_after;
    if (retryAfter) res.set('Retry-After', String(retryAfter));
    if (code === 204) return res.status(204).end();
    res.status(code).type('text/plain').send(req.query.body ?? `status ${code}`);
  });
  let aborted = 0;  // requests whose client went away before the answer
  app.get('/slow', (req, res) => {
    const t = setTimeout(() => res.json({ late: true }), Number(req.query.ms ?? 2000));
    res.on('close', () => { clearTimeout(t); if (!res.writableEnded) aborted++; });
  });
  app.get('/text', (req, res) => res.type('text/plain').send('plain words'));
  app.get('/big', (req, res) => res.status(500).type('text/plain').send('x'.repeat(Number(req.query.n ?? 5000))));
  app.use(jsonServer.router(db));
  const server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  const port = server.address().port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    seen,
    aborted: () => aborted,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

export function defaultDb() {
  return {
    users: [
      { id: 1, name: 'Ann', role: 'admin', email: 'ann@example.com' },
      { id: 2, name: 'Bob', role: 'user', email: 'bob@example.com' },
      { id: 3, name: 'Cy', role: 'user', email: 'cy@example.com' },
    ],
    posts: [{ id: 1, title: 'hello', userId: 1 }],
  };
}
