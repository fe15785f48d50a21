import { fork, type ChildProcess } from 'node:child_process';
import { compiledEntry } from '../workers/compiledEntry.js';
import type { DecodeRequest, ScannedPhoto, SecondOpinion } from './scanFile.js';

/** What the parent sends the child, and what it hears back (`photo: null` when the child's decode threw). */
export type DoctorAsk = Readonly<{ id: number; request: DecodeRequest }>;
export type DoctorAnswer = Readonly<{ id: number; photo: ScannedPhoto | null }>;

export type DecodeDoctorOptions = Readonly<{
  /** The child's script; the built decodeDoctor.child.js by default. */
  entry?: string;
  /** The child is stopped after this long without a question. */
  idleMs?: number;
}>;

const DEFAULT_IDLE_MS = 10_000;

/**
 * libvips keeps one error buffer, and sharp one warning queue, for the whole process: when decodes fail at the same
 * moment in several threads, one file's error can carry another file's words or lose its own (libvips#707,
 * sharp#902). Those words decide what the user is told (damaged, cut short, needs a codec), so a decode judged by them
 * is run again in a child process that decodes one file at a time, where every word is that file's own. Failures are
 * rare: the child starts at the first and stops when idle. Without an answer (the child could not start, or died) the
 * caller keeps its own reading.
 */
export class DecodeDoctor implements SecondOpinion {
  readonly #entry: string | undefined;
  readonly #idleMs: number;
  #child: ChildProcess | null = null;
  readonly #waiting = new Map<number, (photo: ScannedPhoto | null) => void>();
  #nextId = 0;
  #idleTimer: NodeJS.Timeout | null = null;

  constructor(options: DecodeDoctorOptions = {}) {
    this.#entry = options.entry;
    this.#idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  }

  /** Whether a child process is up (it starts at the first question and stops when idle). */
  get running(): boolean {
    return this.#child !== null;
  }

  decode(request: DecodeRequest): Promise<ScannedPhoto | null> {
    const child = this.#started();
    if (!child) return Promise.resolve(null);
    this.#stopIdleTimer();
    // A question in flight keeps the process alive; an idle child never does.
    child.ref();
    child.channel?.ref();
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      child.send({ id, request } satisfies DoctorAsk, (error) => {
        if (error) this.#answer(id, null);
      });
    });
  }

  /** Stops the child, if one runs; questions still open get no answer (null). The next question starts another. */
  async close(): Promise<void> {
    this.#stopIdleTimer();
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve());
    });
    this.#forget(child);
    // The child exits when its channel closes; a kill is the fallback for one stuck in a decode.
    if (child.connected) child.disconnect();
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killTimer);
  }

  #started(): ChildProcess | null {
    if (this.#child) return this.#child;
    let entry: string;
    try {
      entry = this.#entry ?? compiledEntry(new URL('./decodeDoctor.child.js', import.meta.url), builtChild());
    } catch {
      return null;
    }
    const child = fork(entry, [], {
      serialization: 'advanced',
      execArgv: [],
      // Inside Electron, process.execPath is the app: this makes it run the script as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (answer: DoctorAnswer) => this.#answer(answer.id, answer.photo));
    child.on('error', () => this.#forget(child));
    child.on('exit', () => this.#forget(child));
    this.#child = child;
    return child;
  }

  #answer(id: number, photo: ScannedPhoto | null): void {
    const resolve = this.#waiting.get(id);
    if (!resolve) return;
    this.#waiting.delete(id);
    resolve(photo);
    if (this.#waiting.size === 0 && this.#child) this.#idle(this.#child);
  }

  #idle(child: ChildProcess): void {
    child.unref();
    child.channel?.unref();
    this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs);
    this.#idleTimer.unref();
  }

  /** The child is gone or going: nothing it would still say can arrive. */
  #forget(child: ChildProcess): void {
    if (this.#child !== child) return;
    this.#child = null;
    this.#stopIdleTimer();
    for (const id of [...this.#waiting.keys()]) this.#answer(id, null);
  }

  #stopIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }
}

function builtChild(): URL {
  return new URL('../../../out/src-main/core/scan/decodeDoctor.child.js', import.meta.url);
}
