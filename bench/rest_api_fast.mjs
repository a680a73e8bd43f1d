// A fast REST API for bench/rest.sh: node's own http server on a loopback port (PORT), answering
// GET /echo?message=M with {"message": M, "length": N}. No framework, so that what is measured
// is the gateway, not the API.
import http from 'node:http';

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname !== '/echo') {
    res.writeHead(404).end();
    return;
  }
  const message = url.searchParams.get('message') ?? '';
  const body = JSON.stringify({ message, length: message.length });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
