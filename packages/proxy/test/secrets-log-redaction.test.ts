import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../src/logger.js';
import type { LogLevel } from '../src/config.js';

function capture(level: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, output: () => lines.join('') };
}

const secretsInPlay = {
  req: { headers: { authorization: 'Bearer kaiku_live_key_1', 'x-api-key': 'kaiku_live_key_2', 'x-hub-signature-256': 'sha256=abc' } },
  connection: { accessToken: 'EAAGtoken', appSecret: 'meta-app-secret', verify_token: 'verify-me' },
  subscription: { secret: 'hmac-secret-value', target_url: 'https://hooks.example.com/x' },
};
const content = { message: { text: 'my card number is 4242', media_caption: 'passport photo' }, body: '{"raw":1}' };

describe('logger redaction', () => {
  it('never writes tokens, app secrets, API keys or signatures, at any level', () => {
    for (const level of ['info', 'debug'] as const) {
      const { logger, output } = capture(level);
      logger.info(secretsInPlay, 'request');
      logger.debug(secretsInPlay, 'debug request');
      const text = output();
      for (const secret of ['kaiku_live_key_1', 'kaiku_live_key_2', 'sha256=abc', 'EAAGtoken', 'meta-app-secret', 'verify-me', 'hmac-secret-value']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('https://hooks.example.com/x');
      expect(text).toContain('[redacted]');
    }
  });

  it('hides message bodies at info and shows them at debug', () => {
    const info = capture('info');
    info.logger.info(content, 'inbound');
    expect(info.output()).not.toContain('4242');
    expect(info.output()).not.toContain('passport');
    expect(info.output()).not.toContain('"raw"');

    const debug = capture('debug');
    debug.logger.debug(content, 'inbound');
    expect(debug.output()).toContain('my card number is 4242');
  });

  it('censors at any depth, inside arrays, in errors under any key, and in child bindings by key', () => {
    const { logger, output } = capture('info');
    const failure = Object.assign(new Error('Meta said no'), { code: 'meta_error', details: { access_token: 'EAAGdeep', field: 'to' } });
    logger.child({ appSecret: 'bound-secret', request_id: 'req-1' }).error({
      a: { b: { c: { d: { e: { token: 'six-levels-down' } } } } },
      list: [{ secret: 'in-an-array' }, 'plain'],
      err: failure,
      error: new TypeError('bad input', { cause: failure }),
    }, 'failed');
    const line = JSON.parse(output()) as Record<string, unknown>;
    const text = JSON.stringify(line);
    for (const secret of ['bound-secret', 'six-levels-down', 'in-an-array', 'EAAGdeep']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({
      appSecret: '[redacted]',
      request_id: 'req-1',
      list: [{ secret: '[redacted]' }, 'plain'],
      err: { type: 'Error', message: 'Meta said no', code: 'meta_error', details: { access_token: '[redacted]', field: 'to' } },
      error: { type: 'TypeError', message: 'bad input: Meta said no' },
    });
    expect((line.err as { stack: string }).stack).toContain('Error: Meta said no');
  });

  it('does not modify the objects it is given', () => {
    const { logger } = capture('info');
    const record = { connection: { accessToken: 'EAAGmine' }, status: 200 };
    logger.info(record, 'request');
    expect(record.connection.accessToken).toBe('EAAGmine');
  });
});
