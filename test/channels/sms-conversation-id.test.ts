import { describe, expect, it } from 'vitest';
import { smsConversationId } from '../../src/channels/sms.webhook.js';

describe('smsConversationId', () => {
  // Stored conversations are keyed by this id: it must never change, whatever LOG_HASH_KEY is.
  it('keeps the ids conversations were stored under', () => {
    expect(smsConversationId('+447700900123', '+15005550006')).toBe('sms-19f992c39979b5c7');
    expect(smsConversationId('+447700900123', undefined)).toBe('sms-a83383d4857e8ef9');
  });
});
