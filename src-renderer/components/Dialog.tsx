import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './Icons.js';

type DialogProps = Readonly<{
  open: boolean;
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  /** Wide for a dialog of photos, which a form's width would crop to a few names. */
  wide?: boolean;
}>;

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores focus to the opener, which
 * a hand-made overlay would all have to imitate.
 */
export function Dialog({ open, title, onClose, children, footer, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </button>
      </div>
      <div className="dialog__body">{open && children}</div>
      {footer && <div className="dialog__foot">{footer}</div>}
    </dialog>
  );
}
