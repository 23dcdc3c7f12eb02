/**
 * Which rules an inbound message starts, in the order they are tried: keywords first (the most specific),
 * then the greeting, then out of hours, then rules for any message. Pure: the caller supplies the time and,
 * for greetings, when the customer last wrote before.
 */
import { consentKeyword } from '@kaiku/core';
import type { InboundMessageRecord } from '@kaiku/core';
import { matchKeyword } from './keywords.js';
import { isOpen } from './opening-hours.js';
import type { Automation, AutomationTrigger } from './types.js';

const ORDER: Record<AutomationTrigger['type'], number> = { keyword: 0, first_contact: 1, out_of_hours: 2, any_message: 3 };

/** Rules in the order they are tried. */
export function inTriggerOrder(rules: readonly Automation[]): Automation[] {
  return [...rules].sort((a, b) => ORDER[a.trigger.type] - ORDER[b.trigger.type]);
}

/** Message types no rule answers: a reaction, or a system notice (a number change). */
const NEVER_ANSWERED = new Set(['reaction', 'system']);

/**
 * Whether any rule may look at this message: not a reaction or system notice, and not a consent keyword
 * (STOP has its own confirmation; answering it with "we are closed" would be wrong).
 */
export function isAutomatable(message: InboundMessageRecord): boolean {
  return !NEVER_ANSWERED.has(message.type) && consentKeyword(message.text) === null;
}

/** What a trigger needs besides the message. */
export interface TriggerContext {
  now: Date;
  /** When the customer last wrote before this message (asked only by greetings). */
  previousInboundAt: () => Promise<Date | null>;
}

/** Whether the rule's trigger fires, with a word on why (for the run log). */
export async function triggerFires(trigger: AutomationTrigger, message: InboundMessageRecord, ctx: TriggerContext): Promise<string | null> {
  switch (trigger.type) {
    case 'keyword': {
      const keyword = matchKeyword(message.text, trigger.keywords);
      return keyword === null ? null : `keyword "${keyword}"`;
    }
    case 'out_of_hours':
      return isOpen(ctx.now, trigger) ? null : 'out of hours';
    case 'first_contact': {
      const previous = await ctx.previousInboundAt();
      if (previous === null) return 'first message';
      const afterDays = trigger.after_days;
      if (afterDays === undefined) return null;
      return ctx.now.getTime() - previous.getTime() >= afterDays * 86_400_000 ? `first message in ${afterDays} days` : null;
    }
    case 'any_message':
      return 'any message';
  }
}
