import { useId } from 'react';

type PathFieldProps = Readonly<{
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder: string;
  hint: string;
  submitLabel: string;
  submitDisabled: boolean;
  primary?: boolean;
}>;

/** A labelled path on this computer with its submit button and a hint line; the owner's form does the submitting. */
export function PathField({
  label,
  value,
  onChange,
  placeholder,
  hint,
  submitLabel,
  submitDisabled,
  primary,
}: PathFieldProps) {
  const inputId = useId();
  const hintId = useId();
  return (
    <>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <div className="add-root__row">
        <input
          id={inputId}
          className="input"
          type="text"
          value={value}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value)}
        />
        <button type="submit" className={`button${primary ? ' button--primary' : ''}`} disabled={submitDisabled}>
          {submitLabel}
        </button>
      </div>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </>
  );
}
