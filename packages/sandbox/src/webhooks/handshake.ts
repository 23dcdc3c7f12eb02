/** The GET verification handshake Meta performs before it accepts a callback URL. */
import { challenge } from '../ids.js';

/** What went wrong when a callback did not verify, in Meta's words. */
export interface HandshakeResult {
  ok: boolean;
  problem: string;
}

/** Calls `url?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…` and expects 200 with the challenge echoed. */
export async function verifyCallback(url: string, verifyToken: string): Promise<HandshakeResult> {
  const target = new URL(url);
  const sent = challenge();
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.challenge', sent);
  target.searchParams.set('hub.verify_token', verifyToken);
  try {
    const response = await fetch(target, { headers: { 'User-Agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' }, signal: AbortSignal.timeout(5000) });
    const body = (await response.text()).trim();
    if (response.status !== 200) return { ok: false, problem: `HTTP Status Code = ${response.status}; HTTP Message = ${response.statusText}` };
    if (body !== sent) return { ok: false, problem: `The URL couldn't be validated. Response does not match challenge, expected value="${sent}", received="${body.slice(0, 20)}..."` };
    return { ok: true, problem: '' };
  } catch (err) {
    return { ok: false, problem: `The URL couldn't be validated. Callback verification failed: ${(err as Error).message}` };
  }
}
