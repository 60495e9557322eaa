// With MicrosoftAppId set, the endpoint requires a Bot Framework token.
import { expect, it } from 'vitest';
import { testApp } from './support/app.js';
import { listenDuringTests } from './support/server.js';

const { server } = testApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' });
const baseUrl = listenDuringTests(server);

it('rejects an unauthenticated activity with 401 when an app id is configured', async () => {
  const res = await fetch(`${baseUrl()}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'hi', channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/amer/', conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }),
  });
  expect(res.status).toBe(401);
});
