/**
 * One classification of network addresses and host names, used wherever Kaiku lets a customer name a place
 * that Kaiku or Meta will fetch from or post to: subscription targets (when subscribing and at each connect),
 * media links of templates and replies, and the automations' fetch URLs. The ranges come from ipaddr.js
 * (IANA's special-purpose registries), not from hand-written lists; only public unicast addresses pass.
 */
import ipaddr from 'ipaddr.js';

/** The range of an address: `unicast` is public; everything else is a special-purpose range. */
export type AddressRange = ReturnType<ipaddr.IPv4['range']> | ReturnType<ipaddr.IPv6['range']> | 'ipv4Compatible';

/** Addresses that carry an IPv4 address in their last 32 bits and reach that address (RFC 4291, 6052, 6145). */
const EMBEDS_IPV4: ReadonlySet<string> = new Set(['ipv4Mapped', 'rfc6052', 'rfc6145']);

/** Host names that always mean this machine or a private network, whatever a resolver says. */
const LOCAL_NAMES = ['localhost', 'ip6-localhost', 'ip6-loopback'];
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet', '.corp'];

/**
 * Parses every spelling an address can take, including those Node's resolver accepts (`127.1`, `0x7f.1`,
 * `0177.0.0.1`, `2130706433`, `[::1]`, `fe80::1%eth0`); null when the text is not an address.
 */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

function rangeOf(address: ipaddr.IPv4 | ipaddr.IPv6): AddressRange {
  if (address.kind() === 'ipv4') return (address as ipaddr.IPv4).range();
  const v6 = address as ipaddr.IPv6;
  const range = v6.range();
  if (EMBEDS_IPV4.has(range)) return ipv4Tail(v6).range();
  // ::a.b.c.d (deprecated "IPv4-compatible"): ipaddr.js calls it unicast, but it reaches a.b.c.d.
  if (range === 'unicast' && v6.parts.slice(0, 6).every((part) => part === 0)) return 'ipv4Compatible';
  return range;
}

function ipv4Tail(address: ipaddr.IPv6): ipaddr.IPv4 {
  const [high = 0, low = 0] = address.parts.slice(6);
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The range of an address (`unicast`, `loopback`, `private`, `linkLocal`, `6to4`, …); null when it is not one. */
export function addressRange(text: string): AddressRange | null {
  const address = parseAddress(text);
  return address === null ? null : rangeOf(address);
}

/** True only for a public unicast address; false for special-purpose ranges and for text that is no address. */
export function isPublicAddress(text: string): boolean {
  return addressRange(text) === 'unicast';
}

/**
 * Why a host (a URL's hostname, brackets allowed) is not public, or undefined when it may be. Addresses are
 * classified; names are refused only when they always mean a local machine (`localhost`, `*.local`, a name
 * without a dot); other names must still be resolved and their addresses checked by whoever connects.
 */
export function hostRefusal(host: string): string | undefined {
  const range = addressRange(host);
  if (range !== null) return range === 'unicast' ? undefined : `${host} is not a public address (${describeRange(range)})`;
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === '' || LOCAL_NAMES.includes(name) || LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
    return `${host} names a local machine, not a public one`;
  }
  if (!name.includes('.')) return `${host} is not a full public host name (it has no dot)`;
  return undefined;
}

/** Words for a range in messages a user reads. */
export function describeRange(range: AddressRange): string {
  const words: Readonly<Record<string, string>> = {
    loopback: 'loopback', private: 'private', linkLocal: 'link-local', uniqueLocal: 'unique-local (private)',
    deprecatedSiteLocal: 'site-local (private)', multicast: 'multicast', broadcast: 'broadcast', unspecified: 'unspecified',
    carrierGradeNat: 'carrier-grade NAT (private)', reserved: 'reserved', '6to4': '6to4 tunnel', teredo: 'Teredo tunnel',
    ipv4Compatible: 'IPv4-compatible', benchmarking: 'benchmarking',
  };
  return words[range] ?? `special-purpose (${range})`;
}

/**
 * Why a URL may not be handed to Meta or fetched on a customer's behalf, or undefined when it may: it must be
 * an absolute http(s) URL (https only when `httpsOnly`) on a public host, without a user name or password.
 */
export function publicUrlRefusal(raw: string, options: { httpsOnly?: boolean } = {}): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  const protocols = options.httpsOnly === true ? ['https:'] : ['https:', 'http:'];
  if (!protocols.includes(url.protocol)) return `must start with ${options.httpsOnly === true ? 'https://' : 'https:// or http://'}`;
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  const refusal = hostRefusal(url.hostname);
  return refusal === undefined ? undefined : `must point at a public host: ${refusal}`;
}

/** Characters that no text sent to WhatsApp may hold: C0 controls other than tab and line breaks, DEL, and NUL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a text holds a control character (NUL and the like), or undefined when it holds none. */
export function controlCharacterRefusal(text: string): string | undefined {
  const found = CONTROL.exec(text);
  if (found === null) return undefined;
  const code = found[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
  return `contains the control character U+${code} at position ${found.index + 1}; remove it (it often comes from a copied or binary field)`;
}
