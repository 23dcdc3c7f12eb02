/** Template quality as Meta reports it: `quality_score` `{score, date}` on request, set from the control surface and announced. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningSandbox } from '../src/index.js';
import { startSandbox } from '../src/index.js';
import { graph, WABA } from './graph.js';
import type { Receiver } from './receiver.js';
import { startReceiver } from './receiver.js';

let sandbox: RunningSandbox;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url });
});

afterAll(async () => {
  await sandbox.stop();
  await receiver.close();
});

describe('template quality', () => {
  it('answers quality_score only when asked, GREEN for an approved template, and as set from the control surface with its date', async () => {
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=spring_sale&fields=id,name,quality_score`);
    const [template] = listed.body.data as Array<{ id: string; quality_score: { score: string; date: number } }>;
    expect(template?.quality_score).toEqual({ score: 'GREEN', date: expect.any(Number) });
    expect(Object.keys((await graph(sandbox.url, 'GET', `/${template?.id}`)).body)).not.toContain('quality_score');

    const set = (input: unknown) => fetch(`${sandbox.url}/_sandbox/templates/${template?.id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    expect((await set({ quality: 'YELLOW' })).status).toBe(200);
    const one = await graph(sandbox.url, 'GET', `/${template?.id}?fields=quality_score`);
    expect(one.body).toEqual({ quality_score: { score: 'YELLOW', date: expect.any(Number) }, id: template?.id });
    // Unix seconds, as Meta writes them.
    expect(String((one.body.quality_score as { date: number }).date)).toMatch(/^\d{10}$/);
    const refused = await set({ quality: 'ORANGE' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { error_data: { details: string } } }).error.error_data.details).toMatch(/GREEN, YELLOW, RED or UNKNOWN/);
  });

  it('announces a change of score with message_template_quality_update', async () => {
    const listed = await graph(sandbox.url, 'GET', `/${WABA}/message_templates?name=order_update&language=fi`);
    const [template] = listed.body.data as Array<{ id: string }>;
    await fetch(`${sandbox.url}/_sandbox/templates/${template?.id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ quality: 'RED' }) });
    const updates = () => receiver.received.flatMap((r) => r.body.entry.map((e) => e.changes[0])).filter((c) => c?.field === 'message_template_quality_update' && c.value.message_template_name === 'order_update');
    await receiver.waitFor(() => updates().length === 1, 'the quality update');
    expect(updates()[0]?.value).toEqual({
      previous_quality_score: 'GREEN', new_quality_score: 'RED', message_template_id: Number(template?.id), message_template_name: 'order_update', message_template_language: 'fi',
    });
  });
});
