/**
 * Which platform a subscription serves, for the console's Integrations page: what the caller says of itself
 * (`Kaiku-Client`, normalised), Zapier's and n8n's user agents, then the stored source, the sink and the
 * target's host; anything else is `api`.
 */
import { describe, expect, it } from '@jest/globals';
import { clientPlatform, platformOf, platforms } from '../src/actions/subscription-platform.js';
import type { Subscription } from '../src/store/types.js';

function subscription(overrides: Partial<Subscription>): Subscription {
  return {
    id: 's1', workspaceId: 'w', event: 'inbound_message', targetUrl: 'https://example.com/hook', sink: null, secret: null, filter: null,
    source: null, createdAt: new Date(0), ...overrides,
  };
}

describe('clientPlatform', () => {
  it.each([
    ['zapier', 'zapier'], [' Power Automate ', 'power_automate'], ['power-automate', 'power_automate'], ['POWER_AUTOMATE', 'power_automate'],
    ['N8N', 'n8n'], ['api', 'api'], ['power - automate', 'power_automate'],
  ])('takes the Kaiku-Client header "%s" as %s, before the user agent', (client, platform) => {
    expect(clientPlatform({ client, userAgent: 'Zapier' })).toBe(platform);
  });

  it('ignores a header that names no platform, or HubSpot (its subscriptions are the integration\'s own)', () => {
    expect(clientPlatform({ client: 'hubspot' })).toBeNull();
    expect(clientPlatform({ client: 'hubspot', userAgent: 'n8n' })).toBe('n8n');
    expect(clientPlatform({ client: 'make.com' })).toBeNull();
    expect(clientPlatform({ client: '   ' })).toBeNull();
    expect(clientPlatform({ client: '', userAgent: 'Zapier/1.0' })).toBe('zapier');
  });

  it('recognises Zapier and n8n by their user agents, as whole words', () => {
    expect(clientPlatform({ userAgent: 'Zapier' })).toBe('zapier');
    expect(clientPlatform({ userAgent: 'Mozilla/5.0 (compatible; ZAPIER; +https://zapier.com)' })).toBe('zapier');
    expect(clientPlatform({ userAgent: 'n8n/1.70.0' })).toBe('n8n');
    expect(clientPlatform({ userAgent: 'zapierbot' })).toBeNull();
    expect(clientPlatform({ userAgent: 'an8n' })).toBeNull();
    expect(clientPlatform({ userAgent: 'curl/8.5' })).toBeNull();
    expect(clientPlatform({})).toBeNull();
  });

  it('knows five platforms', () => {
    expect([...platforms]).toEqual(['zapier', 'power_automate', 'hubspot', 'n8n', 'api']);
  });
});

describe('platformOf', () => {
  it('serves HubSpot for its sink or its source', () => {
    expect(platformOf(subscription({ sink: 'hubspot', targetUrl: null }))).toBe('hubspot');
    expect(platformOf(subscription({ source: 'hubspot' }))).toBe('hubspot');
    expect(platformOf(subscription({ sink: 'email', targetUrl: null }))).toBe('api');
  });

  it('takes a stored platform as it is', () => {
    expect(platformOf(subscription({ source: 'n8n', targetUrl: 'https://hooks.zapier.com/x' }))).toBe('n8n');
    expect(platformOf(subscription({ source: 'zapier' }))).toBe('zapier');
    expect(platformOf(subscription({ source: 'power_automate' }))).toBe('power_automate');
  });

  it('recognises the target when the source says api, nothing or something unknown', () => {
    const flow = 'https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke';
    expect(platformOf(subscription({ source: 'api', targetUrl: flow }))).toBe('power_automate');
    expect(platformOf(subscription({ source: 'api', targetUrl: 'https://HOOKS.zapier.com/hooks/standard/1/' }))).toBe('zapier');
    expect(platformOf(subscription({ source: undefined, targetUrl: 'https://hooks.zapier.com/hooks/standard/1/' }))).toBe('zapier');
    expect(platformOf(subscription({ source: 'legacy', targetUrl: 'https://hooks.zapier.com/x' }))).toBe('zapier');
    expect(platformOf(subscription({ source: 'api', targetUrl: 'https://zapier.com.example.org/x' }))).toBe('api');
    expect(platformOf(subscription({ source: null, targetUrl: 'not a url' }))).toBe('api');
    expect(platformOf(subscription({ source: null, targetUrl: null }))).toBe('api');
  });
});
