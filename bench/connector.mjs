// A stand-in for a channel's Bot Connector service, for the production-path scenario of npm run bench:http:
// it accepts the two calls a bot makes to answer (sendToConversation: POST /v3/conversations/{id}/activities,
// replyToActivity: POST /v3/conversations/{id}/activities/{activityId}) and answers as the service does
// (200, a ResourceResponse with the new activity's id). It counts what it received, so the benchmark can
// check that every turn's reply arrived; anything else is a 404, and counted.
// usage: node bench/connector.mjs PORT   (replies "ready" to its parent; "count" → { activities, refused, bytes })
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const activityRoute = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/;
const received = { activities: 0, refused: 0, bytes: 0 };
let next = 0;

const server = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || !activityRoute.test(path)) {
      received.refused++;
      res.writeHead(404).end();
      return;
    }
    received.activities++;
    received.bytes += bytes;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `reply-${++next}` }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('message', (message) => {
  if (message === 'count') process.send?.({ ...received });
});
process.on('SIGTERM', () => process.exit(0));
