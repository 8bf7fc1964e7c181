import { DirectLine, ConnectionStatus, type Message, type Services } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { startTestBot, type TestBot } from '../helpers/http-bot.js';
import { fetchAjax, newToken, type DLActivity } from './support/directline-client.js';

/** ws's client, counting the sockets directline.js opens. */
class CountingWebSocket extends WS {
  static opened = 0;
  constructor(...args: ConstructorParameters<typeof WS>) {
    super(...args);
    CountingWebSocket.opened++;
  }
}

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(() => bot.dispose());

/**
 * Drives the official client (botframework-directlinejs) against our server: hello → consent
 * question, agree → age question. Node has no XMLHttpRequest, so its `ajax` service is given.
 */
async function roundTrip(webSocket: boolean): Promise<{ asked: string[]; statuses: ConnectionStatus[] }> {
  const { token } = await newToken(bot.url);
  // The client's services are typed as the browser's (DOM WebSocket, rxjs's ajax); Node's stand-ins behave the same.
  const services = {
    ajax: fetchAjax as Services['ajax'],
    WebSocket: CountingWebSocket as unknown as Services['WebSocket'],
  };
  const client = new DirectLine({
    token,
    domain: `${bot.url}/v3/directline`,
    webSocket,
    pollingInterval: 200,
    ...services,
  });
  const statuses: ConnectionStatus[] = [];
  client.connectionStatus$.subscribe((s) => statuses.push(s));
  const asked: string[] = [];
  let resolveNext: (() => void) | undefined;
  const subscription = client.activity$.subscribe((a) => {
    const id = (a as DLActivity).channelData?.question?.id;
    if (a.from.role === 'bot' && id) {
      asked.push(id);
      resolveNext?.();
    }
  });
  const nextQuestion = () => new Promise<void>((resolve) => (resolveNext = resolve));
  const post = (activity: Pick<Message, 'text' | 'value'>) =>
    new Promise<string>((resolve, reject) =>
      client
        .postActivity({ from: { id: 'ignored' }, locale: 'en-US', type: 'message', ...activity })
        .subscribe(resolve, reject),
    );
  try {
    let waiting = nextQuestion();
    expect(await post({ text: 'hello' })).toMatch(/\|0000000$/);
    await waiting;
    waiting = nextQuestion();
    await post({ value: { answer: 'agree' } });
    await waiting;
  } finally {
    subscription.unsubscribe();
    client.end();
  }
  return { asked, statuses };
}

describe('botframework-directlinejs against the self-hosted Direct Line', () => {
  it('talks to the bot with polling', async () => {
    const before = CountingWebSocket.opened;
    const { asked, statuses } = await roundTrip(false);
    expect(asked).toEqual(['consent', 'age']);
    expect(CountingWebSocket.opened).toBe(before);
    expect(statuses).toContain(ConnectionStatus.Online);
  });

  it('talks to the bot over the WebSocket stream', async () => {
    // directline.js picks the stream only when a global WebSocket exists (Node 20 has none).
    const had = 'WebSocket' in globalThis;
    const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = CountingWebSocket;
    try {
      const before = CountingWebSocket.opened;
      const { asked } = await roundTrip(true);
      expect(asked).toEqual(['consent', 'age']);
      expect(CountingWebSocket.opened).toBeGreaterThan(before);
    } finally {
      if (had) (globalThis as { WebSocket?: unknown }).WebSocket = saved;
      else delete (globalThis as { WebSocket?: unknown }).WebSocket;
    }
  });
});
