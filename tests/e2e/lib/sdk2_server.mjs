// A 2026-07-28-only MCP server built with the official 2.x TypeScript SDK (@modelcontextprotocol/
// server), served over streamable HTTP on a loopback port: a real modern peer for the e2e tests.
// Its tools ask for input through input_required rounds: elicitation (two rounds, the step kept
// in requestState), sampling and roots; `slow` reports on stdout whether it was cancelled.
// Prints "listening <port>" once ready.
import http from 'node:http';
import { McpServer, createMcpHandler, inputRequired, inputResponse } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';

function build() {
  const server = new McpServer({ name: 'sdk2-modern', version: '2.4.0' });
  server.registerTool('echo', { description: 'Echoes a fixed text' }, async () => (
    { content: [{ type: 'text', text: 'sdk2 echo' }] }));
  server.registerTool('greet', { description: 'Asks for a name, then a color (two rounds)' }, async (ctx) => {
    const responses = ctx.mcpReq.inputResponses;
    const step = ctx.mcpReq.requestState() ?? 'start';
    if (step === 'start') {
      return inputRequired({ requestState: 'need-name', inputRequests: { name: inputRequired.elicit({
        message: 'Your name?', requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } }) } });
    }
    if (step === 'need-name') {
      const answer = inputResponse(responses, 'name');
      if (answer.kind !== 'elicit' || answer.action !== 'accept') return { content: [{ type: 'text', text: 'no name' }], isError: true };
      return inputRequired({ requestState: `need-color:${answer.content.name}`, inputRequests: { color: inputRequired.elicit({
        message: 'Your color?', requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] } }) } });
    }
    const answer = inputResponse(responses, 'color');
    const name = String(step).split(':')[1];
    return { content: [{ type: 'text', text: `${name} likes ${answer.kind === 'elicit' ? answer.content?.color : '?'}` }] };
  });
  server.registerTool('capital', { description: 'Asks the client to sample' }, async (ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'sample');
    if (answer.kind === 'missing') {
      return inputRequired({ inputRequests: { sample: inputRequired.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'Capital of Portugal?' } }], maxTokens: 20 }) } });
    }
    return { content: [{ type: 'text', text: `sampled: ${JSON.stringify(answer)}` }] };
  });
  server.registerTool('roots', { description: 'Asks the client for its roots' }, async (ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'roots');
    if (answer.kind === 'missing') return inputRequired({ inputRequests: { roots: inputRequired.listRoots() } });
    return { content: [{ type: 'text', text: `roots: ${JSON.stringify(answer)}` }] };
  });
  server.registerTool('slow', { description: 'Answers after 10 s unless cancelled (it says which on stdout)' }, async (ctx) => {
    const signal = ctx.mcpReq.signal;
    const outcome = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve('finished'), 10000);
      signal?.addEventListener('abort', () => { clearTimeout(timer); resolve('cancelled'); });
    });
    process.stdout.write(`slow ${outcome}\n`);
    return { content: [{ type: 'text', text: `slow ${outcome}` }] };
  });
  return server;
}

const handler = createMcpHandler(build, { legacy: 'reject' });
const httpServer = http.createServer(toNodeHandler(handler));
httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${httpServer.address().port}\n`);
});
process.on('SIGTERM', () => { httpServer.close(); handler.close?.(); process.exit(0); });
