import os from 'node:os';

/** Addresses that mean "every interface" for `listen`. */
const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** `host:port` as it appears in a Host header (IPv6 literals in brackets), lower case. */
export function hostHeaderOf(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h}:${port}`.toLowerCase();
}

/** The Host headers that name this machine over loopback: what the API and the renderer accept. */
export function loopbackHosts(port: number): ReadonlySet<string> {
  return new Set([hostHeaderOf('127.0.0.1', port), hostHeaderOf('localhost', port)]);
}

/**
 * The Host headers a door listening on `listen` may be reached under: loopback, the listen
 * address itself, and for a wildcard address every address of this machine's interfaces and its
 * host name. Anything else is a name this machine was never given (DNS rebinding, a forged
 * header) and is refused before any route runs.
 */
export function reachableHosts(
  port: number,
  listen: string,
  extra: readonly string[] = [],
  interfaces: () => ReturnType<typeof os.networkInterfaces> = os.networkInterfaces,
  hostname: () => string = os.hostname,
): ReadonlySet<string> {
  const out = new Set(loopbackHosts(port));
  const names: string[] = [...extra];
  if (WILDCARDS.has(listen)) {
    for (const list of Object.values(interfaces())) for (const a of list ?? []) names.push(a.address.split('%')[0]!);
    const name = hostname();
    if (name) names.push(name, `${name}.local`);
  } else {
    names.push(listen);
  }
  for (const n of names) out.add(hostHeaderOf(n, port));
  return out;
}
