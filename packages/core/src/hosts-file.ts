/**
 * The IPv4 address /etc/hosts-style `text` gives `name`, or undefined.
 * Lines are `address name [alias…]`, `#` starts a comment; the first
 * matching line wins, as for the resolver.
 *
 * @example
 * hostsAddress('127.0.0.1 localhost sandbox.localdomain\n', 'sandbox.localdomain'); // → '127.0.0.1'
 */
export function hostsAddress(text: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const line of text.split('\n')) {
    const fields = (line.split('#')[0] ?? '').trim().split(/\s+/);
    const [address, ...names] = fields;
    if (address === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
      continue;
    }
    if (names.some((n) => n.toLowerCase() === wanted)) return address;
  }
  return undefined;
}
