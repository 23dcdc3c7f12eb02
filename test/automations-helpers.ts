/** Helpers of the automation end-to-end tests: a shiftable clock, reading the run log and the phone. */
import type { Kaiku } from './harness/index.js';

/** The proxy's clock, moved to chosen Helsinki wall-clock times (always within the last day, so windows hold). */
export class ShiftedClock {
  private shiftMs = 0;

  /** What the proxy reads. */
  readonly now = (): Date => new Date(Date.now() + this.shiftMs);

  /** Moves the clock to the most recent past moment when Helsinki's clocks read `hh:mm`. */
  atHelsinki(hhmm: string): void {
    this.shiftMs = 0;
    const [h, m] = hhmm.split(':').map(Number);
    const local = helsinki(new Date());
    const delta = (((local.minutes - ((h ?? 0) * 60 + (m ?? 0))) % 1440) + 1440) % 1440;
    this.shiftMs = -delta * 60_000 - 30_000;
  }

  /** Moves the clock on. */
  advance(ms: number): void {
    this.shiftMs += ms;
  }

  /** The Helsinki date (YYYY-MM-DD) the clock reads now. */
  helsinkiDate(): string {
    return helsinki(this.now()).date;
  }
}

function helsinki(at: Date): { date: string; minutes: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(at).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** One run as the API lists it. */
export interface RunView { automation_id: string; message_id: string; wa_id: string; outcome: string; detail: string | null; sent: Record<string, unknown> | null }

/** The run log (newest first). */
export async function runsOf(kaiku: Kaiku, automationId?: string): Promise<RunView[]> {
  const res = await kaiku.api(`/v1/automations/runs?limit=500${automationId ? `&automation_id=${automationId}` : ''}`);
  return ((await res.json()) as { data: RunView[] }).data;
}

/** Creates a rule and returns its id. */
export async function createRule(kaiku: Kaiku, rule: Record<string, unknown>): Promise<string> {
  const res = await kaiku.api('/v1/automations', { method: 'POST', body: JSON.stringify(rule) });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`Creating the rule answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

/** What the business sent to a customer, oldest first. */
export async function repliesTo(kaiku: Kaiku, waId: string): Promise<Array<string | null>> {
  return (await kaiku.customer.messages(waId)).filter((m) => m.direction !== 'inbound').map((m) => (typeof m.text === 'string' ? m.text : null));
}

/** Every day of the week open 08:00–16:00. */
export const OFFICE_HOURS = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '08:00', to: '16:00' }]]));
