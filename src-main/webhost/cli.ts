/*
 * `node out/src-main/webhost/cli.js --port 0 --library <dir> [--token <hex>] [--static <dir>]`
 * Starts a core and serves it with the renderer on 127.0.0.1. The first stdout line is JSON, `{"url","token","port"}`,
 * so scripts (the Playwright setup) can read where to connect; logs go to stderr.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultConfig, resolveLibraryDir } from '../core/config.js';
import { createCore } from '../core/createCore.js';
import { createLogger } from '../core/util/logger.js';
import { MIN_TOKEN_LENGTH, startWebHost } from './server.js';

const log = createLogger('webhost');

const USAGE = 'usage: cli.js [--port N (0 = any free port)] [--library DIR] [--token HEX] [--static DIR]';

function parsePort(raw: string): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got ${raw}`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      library: { type: 'string' },
      token: { type: 'string' },
      static: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values.port);
  const token = values.token ?? randomBytes(32).toString('hex');
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`--token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const config = defaultConfig(resolveLibraryDir(values.library), {
    // Relative on purpose: the page and its thumbnails share one origin, whichever host name the browser used,
    // and the port is only known after binding when --port is 0.
    mediaBase: '/media/',
    mediaQuery: `token=${encodeURIComponent(token)}`,
  });
  const core = await createCore(config);
  const host = await startWebHost({
    dispatch: core.dispatch,
    events: core.events,
    media: core.media,
    token,
    port,
    staticDir: values.static ?? fileURLToPath(new URL('../../renderer', import.meta.url)),
  }).catch(async (error: unknown) => {
    await core.close();
    throw error;
  });
  const url = `${host.url}?token=${encodeURIComponent(token)}`;
  process.stdout.write(`${JSON.stringify({ url, token, port: host.port, libraryDir: config.libraryDir })}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing`);
    // The web host goes first so no new call reaches a core that is shutting down; the core pauses running jobs.
    host
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('shutdown failed', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
