import { schemaNames } from '../index.js';

describe('shared', () => {
  it('names the four operation schemas', () => {
    expect(schemaNames).toEqual(['send-template', 'reply', 'inbound-message', 'message-status', 'opt-in-request']);
  });
});
