// A round-robin load balancer on loopback, for the production-path scenario of npm run bench:http: each
// request goes to the next of the bot instances named, over kept-alive connections, as a load
// balancer without session affinity does (the instances share their state in Blob storage).
// usage: node bench/roundRobin.mjs PORT UPSTREAM_PORT [UPSTREAM_PORT …]   (replies "ready" to its parent)
import { Agent, createServer, request } from 'node:http';

const [port, ...upstreams] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let turn = 0;

const server = createServer((req, res) => {
  const upstream = upstreams[turn++ % upstreams.length];
  const forward = request(
    { host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(forward);
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => process.exit(0));
