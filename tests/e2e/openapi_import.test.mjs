// POST /tools/openapi: an OpenAPI 3.0 YAML document and a 3.1 JSON one (tests/fixtures/openapi)
// imported as REST tools and called over MCP against Prism's mock server, which answers every
// operation with the document's examples and refuses requests the document does not allow. A
// recording proxy in front of each Prism shows what serve sent.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { e2eDir, freePort, stopProcess } from './lib/harness.mjs';
import { startRecordingProxy } from './lib/recording_proxy.mjs';
import { mintToken, startServe } from './lib/serve.mjs';

const fixtures = path.resolve(e2eDir, '../fixtures/openapi');
const petstoreYaml = fs.readFileSync(path.join(fixtures, 'petstore-3.0.yaml'), 'utf8');
const notesJson = JSON.parse(fs.readFileSync(path.join(fixtures, 'notes-3.1.json'), 'utf8'));
const prismBin = path.join(e2eDir, 'node_modules/.bin/prism');

/** Prism mocking `doc` on a free loopback port, with a recording proxy in front: {base, seen, stop()}. */
async function startPrism(doc) {
  const port = await freePort();
  const proc = spawn(prismBin, ['mock', '-h', '127.0.0.1', '-p', String(port), doc], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`prism did not start:\n${output}`)); }, 60000);
    const take = (chunk) => {
      output += chunk;
      if (output.includes('Prism is listening')) { clearTimeout(timer); resolve(); }
    };
    proc.stdout.on('data', take);
    proc.stderr.on('data', take);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`prism exited ${code}:\n${output}`)); });
  });
  proc.removeAllListeners('exit');
  const proxy = await startRecordingProxy(`http://127.0.0.1:${port}`);
  return { base: proxy.base, seen: proxy.seen, stop: async () => { await proxy.close(); await stopProcess(proc); } };
}

/** Serves `files` ({path: text}) on a loopback port: {base, close()}. */
async function startFileServer(files) {
  const server = http.createServer((req, res) => {
    const body = files[req.url];
    if (body === undefined) return res.writeHead(404).end('no such file');
    res.writeHead(200, { 'Content-Type': 'application/yaml' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('OpenAPI import', () => {
  let pets, notes, gw, client;
  const importDoc = (body) => gw.api('POST', '/tools/openapi', body);
  const rpc = async (name, args) => {
    const r = await fetch(`${gw.base}/rpc`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gw.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    });
    return r.json();
  };
  const toolNames = async () => (await gw.api('GET', '/tools')).json.map((t) => t.name).sort();
  const call = async (name, args) => {
    const r = await client.callTool({ name, arguments: args });
    assert.equal(r.isError, undefined, JSON.stringify(r));
    return r;
  };

  before(async () => {
    [pets, notes, gw] = await Promise.all([
      startPrism(path.join(fixtures, 'petstore-3.0.yaml')),
      startPrism(path.join(fixtures, 'notes-3.1.json')),
      startServe({ env: { TOOL_TIMEOUT: '10' } }),
    ]);
    const petsImport = await importDoc({ spec: petstoreYaml, base_url: pets.base, name_prefix: 'pets_', tags: ['pets'] });
    assert.equal(petsImport.status, 201, petsImport.text);
    assert.deepEqual(petsImport.json.created.map((t) => t.name).sort(), ['pets_createPet', 'pets_getPet', 'pets_listPets']);
    assert.deepEqual(petsImport.json.skipped, []);
    const notesImport = await importDoc({ spec: notesJson, base_url: notes.base, headers: { 'X-Client': 'openapi-e2e' } });
    assert.equal(notesImport.status, 201, notesImport.text);
    assert.deepEqual(notesImport.json.created.map((t) => t.name).sort(), ['deleteNote', 'editNote', 'getNote', 'searchNotes']);
    client = new Client({ name: 'openapi-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gw.base}/mcp`),
      { requestInit: { headers: { Authorization: `Bearer ${gw.token}` } } }));
  });
  after(async () => {
    await client?.close();
    await gw?.stop();
    await pets?.stop();
    await notes?.stop();
  });

  test('imported tools are REST tools with the document\'s methods, URLs and schemas', async () => {
    const listed = (await client.listTools()).tools;
    const byName = Object.fromEntries(listed.map((t) => [t.name, t]));
    assert.equal(byName.pets_getPet.description, 'One pet by id');
    assert.deepEqual(byName.pets_getPet.inputSchema.required, ['petId']);
    assert.deepEqual(byName.pets_listPets.inputSchema.required, ['limit']);
    assert.deepEqual(byName.pets_listPets.inputSchema.properties.species.enum, ['dog', 'cat']);
    assert.deepEqual(byName.pets_createPet.inputSchema.required.sort(), ['name', 'species']);
    assert.deepEqual(byName.pets_createPet.inputSchema.properties.tag.type, ['string', 'null'], '3.0 nullable');
    assert.equal(byName.getNote.outputSchema.type, 'object');
    const stored = (await gw.api('GET', '/tools')).json.find((t) => t.name === 'pets_getPet');
    assert.equal(stored.integrationType, 'REST');
    assert.equal(stored.requestType, 'GET');
    assert.equal(stored.url, `${pets.base}/pets/{petId}`);
    assert.deepEqual(stored.tags, ['pets']);
  });

  test('a path parameter fills the URL and the answer is Prism\'s example', async () => {
    const n = pets.seen.length;
    const r = await call('pets_getPet', { petId: 7 });
    assert.deepEqual(JSON.parse(r.content[0].text), { id: 7, name: 'Lucky', species: 'dog', tag: 'brave' });
    assert.equal(pets.seen[n].method, 'GET');
    assert.equal(pets.seen[n].url, '/pets/7');
  });

  test('query parameters reach the API; POST sends the body properties as JSON', async () => {
    let n = pets.seen.length;
    const list = await call('pets_listPets', { limit: 2, species: 'cat' });
    assert.deepEqual(JSON.parse(list.content[0].text).map((p) => p.name), ['Rex', 'Tom']);
    assert.equal(pets.seen[n].url, '/pets?limit=2&species=cat');
    n = pets.seen.length;
    const created = await call('pets_createPet', { name: 'Kit', species: 'cat' });
    assert.equal(JSON.parse(created.content[0].text).id, 3);
    assert.equal(pets.seen[n].method, 'POST');
    assert.deepEqual(JSON.parse(pets.seen[n].body), { name: 'Kit', species: 'cat' });
  });

  test('3.1: a header parameter, structuredContent from the output schema, PATCH and DELETE', async () => {
    let n = notes.seen.length;
    const got = await call('getNote', { noteId: 'n1', 'Accept-Language': 'fr' });
    assert.deepEqual(got.structuredContent, { id: 'n1', text: 'Buy milk', done: false, due: null });
    assert.equal(notes.seen[n].url, '/notes/n1');
    assert.equal(notes.seen[n].headers['accept-language'], 'fr');
    assert.equal(notes.seen[n].headers['x-client'], 'openapi-e2e', 'the import\'s headers go with every call');
    const found = await call('searchNotes', { q: 'milk' });
    assert.deepEqual(found.structuredContent, { total: 2, ids: ['n1', 'n7'] });
    n = notes.seen.length;
    await call('editNote', { noteId: 'n1', done: true });
    assert.equal(notes.seen[n].method, 'PATCH');
    assert.deepEqual(JSON.parse(notes.seen[n].body), { done: true });
    n = notes.seen.length;
    const deleted = await client.callTool({ name: 'deleteNote', arguments: { noteId: 'n1' } });
    // DELETE carries no body (Prism refuses one where the document declares none: 415).
    assert.equal(notes.seen[n].method, 'DELETE');
    assert.equal(notes.seen[n].url, '/notes/n1');
    assert.equal(notes.seen[n].body, '');
    assert.equal(deleted.isError, undefined, JSON.stringify(deleted));
    assert.match(deleted.content[0].text, /No Content/);
  });

  test('a missing or invalid argument is -32602 and nothing is sent', async () => {
    const n = pets.seen.length, m = notes.seen.length;
    const missing = await rpc('pets_listPets', { species: 'dog' });
    assert.equal(missing.error?.code, -32602, JSON.stringify(missing));
    assert.match(missing.error.message, /limit/);
    const badPath = await rpc('getNote', { noteId: 'x1' });
    assert.equal(badPath.error?.code, -32602, JSON.stringify(badPath));
    assert.equal(pets.seen.length, n);
    assert.equal(notes.seen.length, m);
  });

  test('dry_run lists what would be made and stores nothing', async () => {
    const before = await toolNames();
    const r = await importDoc({ spec: petstoreYaml, base_url: pets.base, name_prefix: 'dry_', dry_run: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.dry_run, true);
    const get = r.json.tools.find((t) => t.name === 'dry_getPet');
    assert.equal(get.request_type, 'GET');
    assert.equal(get.url, `${pets.base}/pets/{petId}`);
    assert.deepEqual(get.input_schema.required, ['petId']);
    assert.deepEqual(await toolNames(), before);
  });

  test('a document fetched by url; include picks operations', async () => {
    const files = await startFileServer({ '/openapi.yaml': petstoreYaml });
    try {
      const r = await importDoc({ url: `${files.base}/openapi.yaml`, base_url: pets.base, name_prefix: 'byurl_', include: ['getPet'] });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.json.created.map((t) => t.name), ['byurl_getPet']);
      const got = await call('byurl_getPet', { petId: 7 });
      assert.equal(JSON.parse(got.content[0].text).name, 'Lucky');
      const missing = await importDoc({ url: `${files.base}/nope.yaml`, base_url: pets.base });
      assert.equal(missing.status, 502, missing.text);
      assert.match(missing.json.detail, /answered 404/);
    } finally { await files.close(); }
  });

  test('bad bodies and documents get 4xx naming what is wrong', async () => {
    const doc = (extra) => ({ openapi: '3.1.0', servers: [{ url: 'http://127.0.0.1:9' }], ...extra });
    const cases = [
      ['[1, 2]', /must be a JSON object/],
      [{ base_url: pets.base }, /give the document as spec .* or its address as url/],
      [{ spec: petstoreYaml, url: 'http://127.0.0.1:9/x' }, /not both/],
      [{ spec: 42 }, /spec must be an object/],
      [{ url: 'file:///etc/passwd' }, /url must be an http/],
      [{ spec: 'openapi: 3.0.0\npaths:\n  /a: [\n' }, /not valid YAML: line \d+/],
      [{ spec: '{"openapi": ' }, /not valid JSON/],
      [{ spec: { swagger: '2.0', paths: {} } }, /only OpenAPI 3\.0 and 3\.1.*Swagger 2\.0/],
      [{ spec: doc({ openapi: '2.5' }) }, /only OpenAPI 3\.0 and 3\.1/],
      [{ spec: doc({ paths: {} }) }, /no paths/],
      [{ spec: doc({ paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/Gone' }] } } } }) },
        /'#\/components\/parameters\/Gone' points to nothing/],
      [{ spec: doc({ paths: { '/a': { get: { parameters: [{ $ref: 'other.yaml#/P' }] } } } }) }, /'other\.yaml#\/P' points outside/],
      [{ spec: petstoreYaml, base_url: 'not a url' }, /base_url/],
      [{ spec: petstoreYaml, include: ['nothing'] }, /include: .*'nothing'/],
      [{ spec: petstoreYaml, name_prefix: 'bad prefix' }, /name_prefix/],
    ];
    const before = await toolNames();
    for (const [body, detail] of cases) {
      const r = await importDoc(body);
      assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
      assert.match(r.json.detail, detail);
    }
    assert.deepEqual(await toolNames(), before);
  });

  test('names that exist already: 409 naming them and nothing stored, or skipped when asked', async () => {
    const own = await gw.api('POST', '/tools', { name: 'mix_getPet', url: `${pets.base}/pets/1`, request_type: 'GET' });
    assert.equal(own.status, 201, own.text);
    const conflict = await importDoc({ spec: petstoreYaml, base_url: pets.base, name_prefix: 'mix_' });
    assert.equal(conflict.status, 409, conflict.text);
    assert.match(conflict.json.detail, /'mix_getPet'/);
    assert.ok(!(await toolNames()).includes('mix_listPets'), 'all or nothing');
    const skipping = await importDoc({ spec: petstoreYaml, base_url: pets.base, name_prefix: 'mix_', conflict_strategy: 'skip' });
    assert.equal(skipping.status, 201, skipping.text);
    assert.deepEqual(skipping.json.created.map((t) => t.name).sort(), ['mix_createPet', 'mix_listPets']);
    assert.deepEqual(skipping.json.skipped.map((s) => s.name), ['mix_getPet']);
  });

  test('only an admin imports; the route takes POST only', async () => {
    const reader = mintToken(gw.dir);
    const r = await fetch(`${gw.base}/tools/openapi`, {
      method: 'POST', headers: { Authorization: `Bearer ${reader}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ spec: petstoreYaml, base_url: pets.base, name_prefix: 'reader_' }),
    });
    assert.equal(r.status, 403);
    const get = await gw.api('GET', '/tools/openapi');
    assert.equal(get.status, 405, get.text);
    assert.match(get.headers.get('allow'), /POST/);
  });
});
