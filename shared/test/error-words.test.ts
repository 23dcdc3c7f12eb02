/**
 * The connectors' error words: every connector's words name fields and steps, never an API path, a command or a
 * wire field name; a code without words, or words that do not apply, keep the proxy's message.
 */
import { describe, expect, it } from '@jest/globals';
import { CONNECTORS, ERROR_WORDS, connectorMessage, connectorOfClient } from '../error-words.js';
import type { CodedError } from '../error-words.js';

/** Errors as the proxy gives them, one per case the words distinguish. */
const proxyErrors: CodedError[] = [
  { code: 'window_closed', message: 'Free-form replies are only allowed within 24 hours … Send an approved template instead, or give a fallback_template.', details: { closed_at: '2026-11-24T10:00:00Z' } },
  { code: 'window_closed', message: 'Free-form replies … give a fallback_template.', details: { closed_at: null } },
  { code: 'unauthorized', message: 'This Kaiku API key is not valid. Create a new one with: pnpm kaiku key create.', details: {} },
  { code: 'template_not_found', message: 'No template "x". Pick one from GET /v1/templates.', details: { field: 'template' } },
  { code: 'not_found', message: 'Business number 1 was not found. Pick one from GET /v1/phone-numbers.', details: { field: 'phone_number_id' } },
  { code: 'validation_failed', message: 'This workspace has no WhatsApp number connected yet. Connect one with: pnpm kaiku connection add.', details: { field: 'phone_number_id' } },
  { code: 'invalid_filter', message: 'The field "filter.type" must be one of: text, image.', details: { field: 'filter.type' } },
  { code: 'no_consent', message: 'This customer has not opted in … Record their consent first (PUT /v1/contacts/{phone}/consent).', details: {} },
];

describe('connector error words', () => {
  it.each(CONNECTORS)('%s never shows an API path, a command or a wire field name where it has words', (connector) => {
    for (const error of proxyErrors.filter((e) => e.code in ERROR_WORDS[connector])) {
      const message = connectorMessage(connector, error);
      expect({ code: error.code, message }).toEqual({ code: error.code, message: expect.not.stringMatching(/pnpm|\/v1\/|fallback_template|phone_number_id|filter\.type|PUT /) });
      expect(message).not.toBe(error.message);
    }
  });

  it('says when the window closed, or that the customer never wrote', () => {
    expect(connectorMessage('power_automate', proxyErrors[0]!)).toMatch(/^The 24-hour reply window with this customer closed at 2026-11-24T10:00:00Z, /);
    expect(connectorMessage('hubspot', proxyErrors[1]!)).toMatch(/^This contact has not written to this business number yet\. /);
  });

  it('keeps the proxy\'s message for codes without words, and where the words do not apply', () => {
    expect(connectorMessage('zapier', { code: 'opted_out', message: ' This customer has opted out. ' })).toBe('This customer has opted out.');
    expect(connectorMessage('power_automate', { code: 'not_found', message: 'Message wamid.X was not found.', details: { field: 'id' } })).toBe('Message wamid.X was not found.');
    expect(connectorMessage('hubspot', { code: 'validation_failed', message: 'Button 3 is not a quick reply.', details: { field: 'phone_number_id' } })).toBe('Button 3 is not a quick reply.');
  });

  it('points a customer without consent to the consent action of each connector', () => {
    expect(connectorMessage('zapier', proxyErrors[7]!)).toContain('Request WhatsApp Consent action');
    expect(connectorMessage('hubspot', proxyErrors[7]!)).toContain('"Request WhatsApp consent" action');
    expect(connectorMessage('power_automate', proxyErrors[7]!)).toContain('"Request WhatsApp consent" action');
  });

  it('reads the Kaiku-Client header of the connector that runs no code, and nothing else', () => {
    expect(connectorOfClient('power-automate')).toBe('power_automate');
    expect(connectorOfClient(' Power-Automate ')).toBe('power_automate');
    expect(connectorOfClient('zapier')).toBeNull();
    expect(connectorOfClient(undefined)).toBeNull();
  });
});
