import { addressRange, controlCharacterRefusal, hostRefusal, isPublicAddress, publicUrlRefusal } from '../src/address.js';

describe('addressRange classifies every spelling of an address', () => {
  const cases: Array<[label: string, spelling: string, range: string | null]> = [
    ['IPv4 dotted', '127.0.0.1', 'loopback'],
    ['IPv4 short form (Node resolves it)', '127.1', 'loopback'],
    ['IPv4 hex parts', '0x7f.1', 'loopback'],
    ['IPv4 hex number', '0x7f000001', 'loopback'],
    ['IPv4 octal parts', '0177.0.0.1', 'loopback'],
    ['IPv4 octal number', '017700000001', 'loopback'],
    ['IPv4 decimal number', '2130706433', 'loopback'],
    ['IPv4 other loopback', '127.255.255.254', 'loopback'],
    ['this host', '0.0.0.0', 'unspecified'],
    ['this network, short', '0', 'unspecified'],
    ['RFC 1918 10/8', '10.0.0.1', 'private'],
    ['RFC 1918 172.16/12', '172.31.255.1', 'private'],
    ['RFC 1918 192.168/16', '192.168.1.1', 'private'],
    ['RFC 1918 in hex', '0xc0a80101', 'private'],
    ['cloud metadata (link-local)', '169.254.169.254', 'linkLocal'],
    ['carrier-grade NAT', '100.64.0.1', 'carrierGradeNat'],
    ['IETF protocol assignments', '192.0.0.8', 'reserved'],
    ['documentation', '198.51.100.7', 'reserved'],
    ['benchmarking', '198.18.0.1', 'reserved'],
    ['class E', '240.0.0.1', 'reserved'],
    ['broadcast', '255.255.255.255', 'broadcast'],
    ['IPv4 multicast', '224.0.0.251', 'multicast'],
    ['public IPv4', '93.184.215.14', 'unicast'],
    ['public IPv4 as a number', '1558697742', 'unicast'],
    ['IPv6 loopback', '::1', 'loopback'],
    ['IPv6 loopback, long', '0:0:0:0:0:0:0:1', 'loopback'],
    ['IPv6 loopback in brackets', '[::1]', 'loopback'],
    ['IPv6 unspecified', '::', 'unspecified'],
    ['IPv4-compatible loopback, dotted', '::127.0.0.1', 'loopback'],
    ['IPv4-compatible loopback as URLs store it', '::7f00:1', 'ipv4Compatible'],
    ['IPv4-compatible public address', '::5db8:d70e', 'ipv4Compatible'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1', 'loopback'],
    ['IPv4-mapped loopback, hex', '::ffff:7f00:1', 'loopback'],
    ['IPv4-mapped metadata', '[::ffff:a9fe:a9fe]', 'linkLocal'],
    ['IPv4-mapped public', '::ffff:93.184.215.14', 'unicast'],
    ['IPv4-translated (RFC 6145) private', '::ffff:0:10.0.0.1', 'private'],
    ['NAT64 of loopback', '64:ff9b::7f00:1', 'loopback'],
    ['NAT64 of loopback, dotted', '64:ff9b::127.0.0.1', 'loopback'],
    ['NAT64 of a public address', '64:ff9b::5db8:d70e', 'unicast'],
    ['6to4', '2002:7f00:1::', '6to4'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['site-local (deprecated)', 'fec0::1', 'deprecatedSiteLocal'],
    ['unique-local', 'fd00::1', 'uniqueLocal'],
    ['unique-local fc00', 'fc12:3456::1', 'uniqueLocal'],
    ['link-local', 'fe80::1', 'linkLocal'],
    ['link-local with a zone', 'fe80::1%eth0', 'linkLocal'],
    ['IPv6 multicast', 'ff02::1', 'multicast'],
    ['IPv6 documentation', '2001:db8::1', 'reserved'],
    ['IPv6 discard-only', '100::1', 'discard'],
    ['public IPv6', '2606:4700:4700::1111', 'unicast'],
    ['a name', 'hooks.example.com', null],
    ['nonsense', '1.2.3.4.5', null],
  ];
  it.each(cases)('%s: %s', (_label, spelling, range) => {
    expect(addressRange(spelling)).toBe(range);
    expect(isPublicAddress(spelling)).toBe(range === 'unicast');
  });
  it('the table has at least 40 spellings', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('hostRefusal refuses local names and non-public addresses, and lets public hosts through', () => {
  it.each([
    'localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'printer.local', 'db.internal', 'nas.home.arpa', 'ip6-localhost', 'intranet',
    '127.0.0.1', '[::1]', '[::7f00:1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]', '[fec0::1]', '169.254.169.254',
  ])('refuses %s', (host) => {
    expect(hostRefusal(host)).toEqual(expect.any(String));
  });
  it.each(['hooks.example.com', 'example.com.', '93.184.215.14', '[2606:4700:4700::1111]'])('accepts %s', (host) => {
    expect(hostRefusal(host)).toBeUndefined();
  });
});

describe('publicUrlRefusal sees through every way a URL can spell a local host', () => {
  it.each([
    'https://127.0.0.1/a.jpg', 'https://localhost/a.jpg', 'https://169.254.169.254/latest/meta-data/', 'https://0x7f.1/a.jpg',
    'https://2130706433/a.jpg', 'https://0177.0.0.1/a.jpg', 'https://127.0.0.1./a.jpg', 'https://[::127.0.0.1]/a.jpg',
    'https://[::ffff:127.0.0.1]/a.jpg', 'https://[fd00::1]/a.jpg', 'https://user:pw@example.com/a.jpg', 'ftp://example.com/a.jpg', 'not a url',
  ])('refuses %s', (url) => {
    expect(publicUrlRefusal(url)).toEqual(expect.any(String));
  });
  it('names what is wrong', () => {
    expect(publicUrlRefusal('https://[::127.0.0.1]/a.jpg')).toBe('must point at a public host: [::7f00:1] is not a public address (IPv4-compatible)');
    expect(publicUrlRefusal('http://example.com/a.jpg', { httpsOnly: true })).toBe('must start with https://');
  });
  it('accepts a public https link', () => {
    expect(publicUrlRefusal('https://cdn.example.com/files/a.jpg', { httpsOnly: true })).toBeUndefined();
  });
});

describe('controlCharacterRefusal', () => {
  it('names a NUL and where it is', () => {
    expect(controlCharacterRefusal('Aino\u0000')).toMatch(/U\+0000 at position 5/);
    expect(controlCharacterRefusal('a\u001bb')).toMatch(/U\+001B/);
  });
  it('lets ordinary text, tabs, line breaks and emoji through', () => {
    expect(controlCharacterRefusal('Hei Aino!\nTilaus\tKA-1042 🎉')).toBeUndefined();
  });
});

describe('addressRange reads one address, brackets and surrounding spaces allowed', () => {
  it.each([[' 127.0.0.1 ', 'loopback'], ['\t[::1]\n', 'loopback'], ['[fd00::1]', 'uniqueLocal']])('%j is %s', (spelling, range) => {
    expect(addressRange(spelling)).toBe(range);
  });
  // Brackets count only around the whole text: otherwise "fe80[::1]" would read as fe80::1.
  it.each(['fe80[::1]', '[::1]1', '[::1]:443', 'x[::1]'])('%s is no address', (spelling) => {
    expect(addressRange(spelling)).toBeNull();
  });
});

describe('hostRefusal says which kind of address it refused', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['[fd00::1]', 'unique-local (private)'],
    ['[fec0::1]', 'site-local (private)'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT (private)'],
    ['240.0.0.1', 'reserved'],
    ['[2002:7f00:1::]', '6to4 tunnel'],
    ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'Teredo tunnel'],
    ['[::7f00:1]', 'IPv4-compatible'],
    ['[2001:2::1]', 'benchmarking'],
    // Ranges without words of their own are named by their registry name.
    ['[100::1]', 'special-purpose (discard)'],
    ['[2001:3::1]', 'special-purpose (amt)'],
  ])('%s: %s', (host, words) => {
    expect(hostRefusal(host)).toBe(`${host} is not a public address (${words})`);
  });
});

describe('hostRefusal tells a local name from a name without a dot', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', 'printer.local', 'printer.local.', 'db.internal.', '', '.'])('%j names a local machine', (host) => {
    expect(hostRefusal(host)).toBe(`${host} names a local machine, not a public one`);
  });
  it.each(['intranet', 'intranet.'])('%s has no dot', (host) => {
    expect(hostRefusal(host)).toBe(`${host} is not a full public host name (it has no dot)`);
  });
});

describe('publicUrlRefusal says what is wrong with a link', () => {
  it.each(['not a url', '/files/a.jpg', 'cdn.example.com/a.jpg'])('%s is not absolute', (raw) => {
    expect(publicUrlRefusal(raw)).toBe('is not an absolute URL');
  });
  it('names the schemes it takes', () => {
    expect(publicUrlRefusal('ftp://example.com/a.jpg')).toBe('must start with https:// or http://');
    expect(publicUrlRefusal('ftp://example.com/a.jpg', { httpsOnly: false })).toBe('must start with https:// or http://');
    expect(publicUrlRefusal('ftp://example.com/a.jpg', { httpsOnly: true })).toBe('must start with https://');
    expect(publicUrlRefusal('http://cdn.example.com/a.jpg')).toBeUndefined();
  });
  it.each(['https://user@example.com/a.jpg', 'https://:pw@example.com/a.jpg', 'https://user:pw@example.com/a.jpg'])(
    'refuses credentials in %s',
    (raw) => {
      expect(publicUrlRefusal(raw)).toBe('must not contain a user name or password');
    },
  );
  it('passes on the host refusal', () => {
    expect(publicUrlRefusal('https://printer.local./a.jpg')).toBe('must point at a public host: printer.local. names a local machine, not a public one');
  });
});
