/**
 * The customer service window: for 24 hours after a customer's last message a business may send anything;
 * afterwards only approved templates (Meta answers 131047 otherwise). Sending a template does not reopen it.
 */

/** How long the window stays open after the customer's last inbound message: 24 hours. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether a free-form reply is allowed now, and until when. */
export interface ServiceWindow {
  open: boolean;
  expiresAt: Date | null;
}

/** The window as of `now`, from the customer's last inbound message time (`null`: never wrote to us). */
export function serviceWindow(lastInboundAt: Date | null, now: Date = new Date()): ServiceWindow {
  if (lastInboundAt === null || Number.isNaN(lastInboundAt.getTime())) return { open: false, expiresAt: null };
  const expiresAt = windowExpiresAt(lastInboundAt);
  return { open: now.getTime() < expiresAt.getTime(), expiresAt };
}

/** When the window opened by a message received at `receivedAt` closes. */
export function windowExpiresAt(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + WINDOW_MS);
}
