import { startWebHost } from './webHost.js';

/** Starts the web host on a free port with an empty library and hands its URL to the specs through the environment. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startWebHost();
  process.env['FACETS_E2E_URL'] = host.url;
  process.env['FACETS_E2E_TOKEN'] = host.token;
  return () => host.stop();
}
