// A loopback HTTP proxy that records the headers and bodies of the requests it forwards, for
// tests that must see what reaches a real upstream (server-everything says nothing about them).
import http from 'node:http';

/** Forwards to `target` (a base URL); resolves to {base, seen: [{method, url, headers, body}], close()}. */
export function startRecordingProxy(target) {
  const upstream = new URL(target);
  const seen = [];
  const server = http.createServer((req, res) => {
    const record = { method: req.method, url: req.url, headers: { ...req.headers }, body: '' };
    seen.push(record);
    req.on('data', (chunk) => { if (record.body.length < 65536) record.body += chunk; });
    const forward = http.request({
      host: upstream.hostname, port: upstream.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: upstream.host },
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => { res.destroy(); });
    req.pipe(forward);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        base: `http://127.0.0.1:${server.address().port}`,
        seen,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
