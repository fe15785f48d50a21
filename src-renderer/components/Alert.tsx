import { CloseIcon } from './Icons.js';

/** A failure the user should see, until they dismiss it (or the next success clears it). */
export function Alert({ message, onDismiss }: Readonly<{ message: string; onDismiss(): void }>) {
  return (
    <div role="alert" className="alert">
      <span>{message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss message" onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
