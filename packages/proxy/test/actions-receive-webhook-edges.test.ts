/**
 * The intake's first step without HTTP or a database: the connection directory's reload rules (on a miss at most
 * once a second, always after 30 s, one reload at a time), and receiving one POST at each of its limits (the
 * signature's form, 100 entries, 100 changes, 8 Meta apps), with a rotated app secret and Meta's handshake.
 */
import { describe, expect, it } from '@jest/globals';
import { signWebhook } from '@kaiku/core';
import { ConnectionDirectory, WEBHOOK_LIMITS, receiveWebhook, verifyWebhookHandshake } from '../src/actions/receive-webhook.js';
import type { ReceiptSink } from '../src/actions/receive-webhook.js';
import type { Connection, Store } from '../src/store/types.js';

/** A connection whose app secret is stored as `sealed:<secret>` (the fake decryption strips the prefix). */
function connection(id: string, fields: Partial<Connection> = {}): Connection {
  return {
    id, workspaceId: `ws-${id}`, wabaId: `waba-${id}`, phoneNumberId: `phone-${id}`, displayPhoneNumber: '15550001234',
    verifiedName: null, graphBaseUrl: 'http://127.0.0.1:1', graphVersion: 'v24.0', accessTokenEnc: 'sealed:token',
    appSecretEnc: `sealed:secret-${id}`, verifyToken: `token-${id}`, createdAt: new Date(0), ...fields,
  };
}

/** A store holding only connections (`rows`, changed by the tests), counting its loads; a clock the tests move. */
function directoryOf(rows: Connection[], options: { maxAgeMs?: number; minRefreshMs?: number } | 'defaults' = {}) {
  const counts = { loads: 0, decrypts: 0 };
  const clock = { now: 1_000_000 };
  let gate: Promise<void> | null = null;
  const store = {
    async listConnections() {
      counts.loads += 1;
      const snapshot = [...rows];
      if (gate !== null) await gate;
      return snapshot;
    },
  } as unknown as Store;
  const decrypt = (sealed: string) => {
    counts.decrypts += 1;
    return sealed.replace(/^sealed:/, '');
  };
  const directory = new ConnectionDirectory(store, decrypt, options === 'defaults' ? undefined : { ...options, now: () => clock.now });
  return {
    directory, counts, clock, rows,
    /** Makes the next loads wait until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      gate = new Promise<void>((resolve) => { release = resolve; });
      return () => { gate = null; release(); };
    },
  };
}

describe('the connection directory', () => {
  it('loads on first use, then answers known numbers from memory until the data is 30 s old', async () => {
    const a = connection('a');
    const d = directoryOf([a], { maxAgeMs: 30_000, minRefreshMs: 1_000 });
    expect(await d.directory.forPhoneNumber('phone-a')).toEqual(a);
    expect(d.counts.loads).toBe(1);
    d.clock.now += 30_000;
    expect(await d.directory.get('a')).toEqual(a);
    expect(await d.directory.forWaba('waba-a')).toEqual([a]);
    expect(await d.directory.all()).toEqual([a]);
    expect(d.counts.loads).toBe(1);
    d.clock.now += 1;
    await d.directory.all();
    expect(d.counts.loads).toBe(2);
  });

  it('reloads on a miss only once the last load is over a second old', async () => {
    const d = directoryOf([connection('a')], { maxAgeMs: 30_000, minRefreshMs: 1_000 });
    await d.directory.all();
    const b = connection('b');
    d.rows.push(b);
    expect(await d.directory.forPhoneNumber('phone-b')).toBeNull();
    d.clock.now += 1_000;
    expect(await d.directory.get('b')).toBeNull();
    expect(await d.directory.forWaba('waba-b')).toEqual([]);
    expect(d.counts.loads).toBe(1);
    d.clock.now += 1;
    expect(await d.directory.forPhoneNumber('phone-b')).toEqual(b);
    expect(d.counts.loads).toBe(2);
  });

  it('reloads on a miss of each kind: an id, a WABA, a phone number', async () => {
    const d = directoryOf([], { maxAgeMs: 30_000, minRefreshMs: 10 });
    await d.directory.all();
    d.rows.push(connection('a'));
    d.clock.now += 11;
    expect((await d.directory.get('a'))?.id).toBe('a');
    d.rows.push(connection('b'));
    d.clock.now += 11;
    expect((await d.directory.forWaba('waba-b')).map((c) => c.id)).toEqual(['b']);
    d.rows.push(connection('c'));
    d.clock.now += 11;
    expect((await d.directory.forPhoneNumber('phone-c'))?.id).toBe('c');
    expect(d.counts.loads).toBe(4);
    // A hit reloads nothing, however stale by the miss rule.
    d.clock.now += 11;
    await d.directory.get('a');
    await d.directory.forWaba('waba-b');
    await d.directory.forPhoneNumber('phone-c');
    expect(d.counts.loads).toBe(4);
  });

  it('uses a second and 30 s when no limits are given', async () => {
    const d = directoryOf([connection('a')], {});
    await d.directory.all();
    d.clock.now += 1_000;
    await d.directory.get('missing');
    expect(d.counts.loads).toBe(1);
    d.clock.now += 1;
    await d.directory.get('missing');
    expect(d.counts.loads).toBe(2);
    d.clock.now += 30_000;
    await d.directory.get('a');
    expect(d.counts.loads).toBe(2);
    d.clock.now += 1;
    await d.directory.get('a');
    expect(d.counts.loads).toBe(3);
  });

  it('reads the real clock when given none', async () => {
    const d = directoryOf([connection('a')], 'defaults');
    await d.directory.all();
    await d.directory.get('missing');
    // The first load stamped the real time, so a miss right after it does not reload.
    expect(d.counts.loads).toBe(1);
  });

  it('runs one load at a time: callers during a load share it, and the next refresh loads again', async () => {
    const d = directoryOf([connection('a')]);
    const release = d.hold();
    const first = d.directory.refresh();
    const second = d.directory.refresh();
    const lookup = d.directory.forPhoneNumber('phone-a');
    expect(d.counts.loads).toBe(1);
    release();
    await Promise.all([first, second]);
    expect((await lookup)?.id).toBe('a');
    expect(d.counts.loads).toBe(1);
    await d.directory.refresh();
    expect(d.counts.loads).toBe(2);
  });

  it('loads again after a failed load instead of keeping the failure', async () => {
    let fail = true;
    const a = connection('a');
    const store = {
      async listConnections() {
        if (fail) throw new Error('database unavailable');
        return [a];
      },
    } as unknown as Store;
    const directory = new ConnectionDirectory(store, (s) => s);
    await expect(directory.refresh()).rejects.toThrow('database unavailable');
    fail = false;
    await directory.refresh();
    expect(await directory.all()).toEqual([a]);
  });

  it('replaces what it knew on a reload: a removed number is gone by phone, id and WABA', async () => {
    const a = connection('a');
    const b = connection('b', { wabaId: 'waba-a' });
    const d = directoryOf([a, b]);
    expect((await d.directory.forWaba('waba-a')).map((c) => c.id)).toEqual(['a', 'b']);
    d.rows.splice(0, 1);
    await d.directory.refresh();
    expect(await d.directory.forPhoneNumber('phone-a')).toBeNull();
    expect(await d.directory.get('a')).toBeNull();
    expect((await d.directory.forWaba('waba-a')).map((c) => c.id)).toEqual(['b']);
    expect((await d.directory.all()).map((c) => c.id)).toEqual(['b']);
  });

  it('finds the candidates of a webhook by phone number first, then every number of its WABAs, each once', async () => {
    const a = connection('a', { wabaId: 'shared' });
    const b = connection('b', { wabaId: 'shared' });
    const c = connection('c');
    const d = directoryOf([a, b, c]);
    const ids = async (targets: { phoneNumberIds: string[]; wabaIds: string[] }) => (await d.directory.candidates(targets)).map((x) => x.id);
    expect(await ids({ phoneNumberIds: ['phone-b'], wabaIds: ['shared'] })).toEqual(['b', 'a']);
    expect(await ids({ phoneNumberIds: ['phone-c', 'phone-a'], wabaIds: [] })).toEqual(['c', 'a']);
    expect(await ids({ phoneNumberIds: [], wabaIds: ['waba-c', 'shared'] })).toEqual(['c', 'a', 'b']);
    expect(await ids({ phoneNumberIds: ['unknown'], wabaIds: ['unknown'] })).toEqual([]);
  });

  it('reloads for candidates when a phone number or a WABA is unknown, and not when all are known', async () => {
    const d = directoryOf([connection('a')], { minRefreshMs: 10 });
    await d.directory.all();
    d.clock.now += 11;
    await d.directory.candidates({ phoneNumberIds: ['phone-a'], wabaIds: ['waba-a'] });
    expect(d.counts.loads).toBe(1);
    await d.directory.candidates({ phoneNumberIds: ['phone-a'], wabaIds: ['waba-x'] });
    expect(d.counts.loads).toBe(2);
    d.clock.now += 11;
    await d.directory.candidates({ phoneNumberIds: ['phone-x'], wabaIds: ['waba-a'] });
    expect(d.counts.loads).toBe(3);
    // One unknown among known ones is enough.
    d.clock.now += 11;
    await d.directory.candidates({ phoneNumberIds: ['phone-a', 'phone-x'], wabaIds: ['waba-a'] });
    expect(d.counts.loads).toBe(4);
    d.clock.now += 11;
    await d.directory.candidates({ phoneNumberIds: ['phone-a'], wabaIds: ['waba-a', 'waba-x'] });
    expect(d.counts.loads).toBe(5);
  });

  it('decrypts each stored app secret once, and a changed one again', async () => {
    const d = directoryOf([]);
    const a = connection('a');
    expect(d.directory.appSecret(a)).toBe('secret-a');
    expect(d.directory.appSecret(a)).toBe('secret-a');
    expect(d.counts.decrypts).toBe(1);
    expect(d.directory.appSecret({ ...a, appSecretEnc: 'sealed:rotated' })).toBe('rotated');
    expect(d.counts.decrypts).toBe(2);
  });
});

/** A body naming the given business numbers (one change each) in `entries` entries of WABA ids. */
function body(options: { phones?: string[]; entries?: number; changesPerEntry?: number; wabas?: string[] }): Buffer {
  const phones = options.phones ?? [];
  const entries = Array.from({ length: options.entries ?? 1 }, (_, index) => ({
    id: options.wabas?.[index] ?? `waba-${index}`,
    changes: Array.from({ length: options.changesPerEntry ?? (index === 0 ? phones.length : 0) }, (_, j) => ({
      field: 'messages', value: { metadata: { phone_number_id: index === 0 ? phones[j] : undefined } },
    })),
  }));
  return Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: entries }));
}

/** Receiving with a directory over `rows`, a sink that records what it saved, and an HMAC counter. */
function receiver(rows: Connection[], options: { minRefreshMs?: number } = {}) {
  const d = directoryOf(rows, options);
  const saved: Array<{ connectionId: string; body: string }> = [];
  // Receipt ids 41, 42, … (push answers the new length).
  const receipts: ReceiptSink = { save: async (connectionId, raw) => saved.push({ connectionId, body: raw.toString() }) + 40 };
  const counted = { hmacs: 0 };
  const deps = { directory: d.directory, receipts, onSignatureCheck: () => { counted.hmacs += 1; } };
  return { ...d, saved, counted, receive: (raw: Buffer, signature: string | undefined) => receiveWebhook(deps, raw, signature) };
}

const ZEROS = `sha256=${'0'.repeat(64)}`;
const UNAUTHORIZED = { ok: false, status: 401, code: 'unauthorized' };

describe('receiving a webhook', () => {
  it('stores a body signed with its number\'s app secret and answers with the receipt', async () => {
    const r = receiver([connection('a'), connection('b')]);
    const raw = body({ phones: ['phone-b'] });
    expect(await r.receive(raw, signWebhook(raw, 'secret-b'))).toEqual({ ok: true, receiptId: 41, connectionId: 'b' });
    expect(r.saved).toEqual([{ connectionId: 'b', body: raw.toString() }]);
    expect(r.counted.hmacs).toBe(1);
  });

  it('accepts the signature in upper case and with spaces around it', async () => {
    const r = receiver([connection('a')]);
    const raw = body({ phones: ['phone-a'] });
    const signature = signWebhook(raw, 'secret-a');
    expect(await r.receive(raw, `  ${signature.toUpperCase().replace('SHA256=', 'sha256=')} `)).toMatchObject({ ok: true });
    expect(await r.receive(raw, signature.replace('sha256=', 'SHA256='))).toMatchObject({ ok: true });
  });

  it('refuses a missing or malformed signature with 401 before reading the body', async () => {
    const r = receiver([connection('a')]);
    const raw = body({ phones: ['phone-a'] });
    const hex = signWebhook(raw, 'secret-a').slice('sha256='.length);
    for (const signature of [undefined, '', `sha256=${hex.slice(1)}`, `sha256=${hex}0`, `x sha256=${hex}`, `sha256=${hex} x`, `sha1=${hex}`, hex, `sha256=${'g'.repeat(64)}`]) {
      const outcome = await r.receive(Buffer.from('not json'), signature);
      expect(outcome).toMatchObject(UNAUTHORIZED);
      expect(outcome).toMatchObject({ message: expect.stringMatching(/does not match any WhatsApp connection: check the app secret/) });
      expect(await r.receive(raw, signature)).toMatchObject(UNAUTHORIZED);
    }
    expect(r.saved).toEqual([]);
    expect(r.counted.hmacs).toBe(0);
  });

  it('refuses a well-signed body that is not a webhook with 400 and the parser\'s reason', async () => {
    const r = receiver([connection('a')]);
    for (const raw of [Buffer.from('{"entry": ['), Buffer.from('   ')]) {
      const outcome = await r.receive(raw, signWebhook(raw, 'secret-a'));
      expect(outcome).toMatchObject({ ok: false, status: 400, code: 'invalid_webhook' });
      expect(outcome).toMatchObject({ message: expect.stringMatching(/^The webhook body is (not valid JSON|empty)/) });
    }
    expect(r.saved).toEqual([]);
  });

  it('takes 100 entries and 100 changes, and refuses 101 of either before any HMAC', async () => {
    expect(WEBHOOK_LIMITS).toEqual({ entries: 100, changes: 100, appSecrets: 8 });
    const r = receiver([connection('a')]);
    const atLimit = [body({ entries: 100, changesPerEntry: 1 }), body({ entries: 1, changesPerEntry: 100 })];
    for (const raw of atLimit) expect(await r.receive(raw, ZEROS)).toMatchObject(UNAUTHORIZED);
    expect(await r.receive(body({ entries: 101, changesPerEntry: 0 }), ZEROS)).toEqual({
      ok: false, status: 400, code: 'invalid_webhook',
      message: 'The webhook holds 101 entries and 0 changes; Kaiku accepts at most 100 and 100 (Meta sends a few).',
    });
    expect(await r.receive(body({ entries: 1, changesPerEntry: 101 }), ZEROS)).toMatchObject({
      status: 400, message: expect.stringMatching(/^The webhook holds 1 entries and 101 changes;/),
    });
    expect(r.counted.hmacs).toBe(0);
  });

  it('checks the secrets of 8 Meta apps, and refuses a body naming numbers of 9 without any HMAC', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => connection(`n${i}`));
    const r = receiver(rows);
    const eight = body({ phones: rows.slice(0, 8).map((c) => c.phoneNumberId) });
    expect(await r.receive(eight, ZEROS)).toMatchObject(UNAUTHORIZED);
    expect(r.counted.hmacs).toBe(8);
    const signedByLast = signWebhook(eight, 'secret-n7');
    expect(await r.receive(eight, signedByLast)).toMatchObject({ ok: true, connectionId: 'n7' });
    const nine = body({ phones: rows.map((c) => c.phoneNumberId) });
    expect(await r.receive(nine, signWebhook(nine, 'secret-n0'))).toEqual({
      ok: false, status: 400, code: 'invalid_webhook',
      message: 'The webhook names business numbers of more than 8 Meta apps; Meta signs each webhook for one app.',
    });
    expect(r.counted.hmacs).toBe(8 + 8);
  });

  it('counts numbers sharing one app as one app, and computes their HMAC once', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => connection(`n${i}`, { appSecretEnc: 'sealed:one-app', wabaId: 'w' }));
    const r = receiver(rows);
    const raw = body({ phones: rows.map((c) => c.phoneNumberId) });
    expect(await r.receive(raw, ZEROS)).toMatchObject(UNAUTHORIZED);
    expect(r.counted.hmacs).toBe(1);
    // The first number named gets the receipt.
    expect(await r.receive(raw, signWebhook(raw, 'one-app'))).toMatchObject({ ok: true, connectionId: 'n0' });
  });

  it('finds a number by its WABA when the body names no phone number', async () => {
    const r = receiver([connection('a')]);
    const raw = body({ wabas: ['waba-a'] });
    expect(await r.receive(raw, signWebhook(raw, 'secret-a'))).toMatchObject({ ok: true, connectionId: 'a' });
  });

  it('refuses a number no workspace has connected with 401 and stores nothing', async () => {
    const r = receiver([connection('a')]);
    const raw = body({ phones: ['phone-unknown'] });
    expect(await r.receive(raw, signWebhook(raw, 'secret-a'))).toMatchObject(UNAUTHORIZED);
    expect(r.saved).toEqual([]);
    expect(r.counted.hmacs).toBe(0);
  });

  it('looks again in the database when the secret does not match, so a just-rotated secret works', async () => {
    const r = receiver([connection('a')], { minRefreshMs: 1_000 });
    // Its number and WABA are both known, so only the failed check makes the directory look again.
    const raw = body({ phones: ['phone-a'], wabas: ['waba-a'] });
    await r.directory.all();
    r.rows[0] = connection('a', { appSecretEnc: 'sealed:rotated' });
    r.clock.now += 1_000;
    // The last load is too recent to look again: refused, with one HMAC.
    expect(await r.receive(raw, signWebhook(raw, 'rotated'))).toMatchObject(UNAUTHORIZED);
    expect([r.counts.loads, r.counted.hmacs]).toEqual([1, 1]);
    r.clock.now += 1;
    // Now it reloads, and computes only the new secret's HMAC (the old one's answer is remembered).
    expect(await r.receive(raw, signWebhook(raw, 'rotated'))).toMatchObject({ ok: true, connectionId: 'a' });
    expect([r.counts.loads, r.counted.hmacs]).toEqual([2, 3]);
  });

  it('does not look again once a secret matched or the body named too many apps', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => connection(`n${i}`, { wabaId: i < 8 ? 'w' : 'v' }));
    const r = receiver(rows, { minRefreshMs: 1_000 });
    await r.directory.all();
    r.clock.now += 1_001;
    const raw = body({ phones: ['phone-n0'], wabas: ['w'] });
    expect(await r.receive(raw, signWebhook(raw, 'secret-n3'))).toMatchObject({ ok: true, connectionId: 'n3' });
    const nine = body({ phones: rows.map((c) => c.phoneNumberId), wabas: ['w'] });
    expect(await r.receive(nine, signWebhook(nine, 'secret-n0'))).toMatchObject({ status: 400, code: 'invalid_webhook' });
    expect(r.counts.loads).toBe(1);
  });

  it('works without a signature counter', async () => {
    const saved: string[] = [];
    const raw = body({ phones: ['phone-a'] });
    const deps = { directory: directoryOf([connection('a')]).directory, receipts: { async save(id: string) { saved.push(id); return 7; } } };
    expect(await receiveWebhook(deps, raw, signWebhook(raw, 'secret-a'))).toEqual({ ok: true, receiptId: 7, connectionId: 'a' });
    expect(await receiveWebhook(deps, raw, ZEROS)).toMatchObject(UNAUTHORIZED);
    expect(saved).toEqual(['a']);
  });
});

describe("Meta's handshake", () => {
  const query = (token: string, challenge = '1158201444') => new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': challenge });

  it('answers the challenge when the token is any connection\'s verify token', async () => {
    const d = directoryOf([connection('a'), connection('b')]);
    expect(await verifyWebhookHandshake(d.directory, query('token-b', '42'))).toBe('42');
    expect(await verifyWebhookHandshake(d.directory, query('token-a'))).toBe('1158201444');
    expect(await verifyWebhookHandshake(d.directory, query('nobody'))).toBeNull();
  });

  it('looks again in the database for a token it does not know, at most once a second', async () => {
    const d = directoryOf([connection('a')], { minRefreshMs: 1_000 });
    await d.directory.all();
    d.rows.push(connection('b'));
    expect(await verifyWebhookHandshake(d.directory, query('token-b'))).toBeNull();
    d.clock.now += 1_001;
    expect(await verifyWebhookHandshake(d.directory, query('token-b'))).toBe('1158201444');
    expect(d.counts.loads).toBe(2);
    // A known token answers without looking again, however old the last load.
    d.clock.now += 1_001;
    expect(await verifyWebhookHandshake(d.directory, query('token-a'))).toBe('1158201444');
    expect(d.counts.loads).toBe(2);
  });
});
