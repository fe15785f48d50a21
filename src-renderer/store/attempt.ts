import { errorMessage } from '../api/client.js';
import type { LoadState } from './appState.js';

export const IDLE: LoadState = { loading: false, error: null };
export const LOADING: LoadState = { loading: true, error: null };

export function failed(error: unknown): LoadState {
  return { loading: false, error: errorMessage(error) };
}

/**
 * Runs a store action's call, handing a failure's message to `onError` instead of throwing into React. Resolves
 * whether it succeeded, so a form can keep what the user typed when it did not.
 */
export async function attempt(work: () => Promise<void>, onError: (message: string) => void): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    onError(errorMessage(error));
    return false;
  }
}
