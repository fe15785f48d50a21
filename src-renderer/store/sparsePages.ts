import type { PageRequest } from '../../src-shared/types/person.js';
import type { Page } from '../../src-shared/types/photo.js';
import type { SparsePages } from './appState.js';

/** Looks an item up among the pages loaded so far; undefined while its page is on its way. */
export function itemAt<T>(list: SparsePages<T>, index: number): T | undefined {
  return list.pages[Math.floor(index / list.pageSize)]?.[index % list.pageSize];
}

/** A sparse list that starts with its first page, as a screen opening a person or a scene gets it. */
export function firstPage<T>(page: Page<T>, pageSize: number): SparsePages<T> {
  return { total: page.total, pageSize, pages: { 0: page.items } };
}

/** The list with one more page in it (and main's latest total). */
export function withPage<T>(list: SparsePages<T>, index: number, page: Page<T>): SparsePages<T> {
  return { ...list, total: page.total, pages: { ...list.pages, [index]: page.items } };
}

type SparsePageLoaderOptions<Id, T> = Readonly<{
  /** Whose list is on screen, or null when none is. */
  current(): Id | null;
  list(): SparsePages<T> | null;
  fetch(id: Id, request: PageRequest): Promise<Page<T>>;
  /** Stores a page that arrived while its owner was still on screen. */
  store(index: number, page: Page<T>): void;
  fail(error: unknown): void;
}>;

/**
 * Loads a page of the sparse list on screen, each page once: a grid scrolled past a page many times a second asks
 * for it once, and a page that arrives after the screen moved on is dropped.
 */
export function createSparsePageLoader<Id, T>(
  options: SparsePageLoaderOptions<Id, T>,
): (index: number) => Promise<void> {
  const inFlight = new Set<string>();
  return async (index) => {
    const id = options.current();
    const list = options.list();
    const key = `${String(id)}:${index}`;
    if (id === null || !list || list.pages[index] || inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const page = await options.fetch(id, { offset: index * list.pageSize, limit: list.pageSize });
      if (options.current() === id) options.store(index, page);
    } catch (error) {
      options.fail(error);
    } finally {
      inFlight.delete(key);
    }
  };
}
