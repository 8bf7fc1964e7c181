import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent to the connector, with the conversation id from the URL. */
export interface Delivered {
  conversationId: string;
  activity: {
    type: string;
    text?: string;
    channelData?: unknown;
    suggestedActions?: { actions: { value?: unknown }[] };
    attachments?: unknown[];
  };
}

/**
 * A stand-in for the Bot Framework connector service on loopback: it takes the bot's outgoing
 * POSTs (`/v3/conversations/:id/activities`) and keeps them, so proactive messages can be checked.
 */
export async function startStandInConnector(): Promise<{
  url: string;
  delivered: Delivered[];
  failNext: (n: number) => void;
  close: () => Promise<void>;
}> {
  const delivered: Delivered[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const m = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) {
        res.statusCode = 404;
        res.end();
        return;
      }
      if (failures > 0) {
        failures--;
        res.statusCode = 400;
        res.end();
        return;
      }
      delivered.push({
        conversationId: decodeURIComponent(m[1]!),
        activity: JSON.parse(body) as Delivered['activity'],
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `sent-${delivered.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    failNext: (n) => void (failures = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
