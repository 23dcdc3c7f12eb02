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
});
