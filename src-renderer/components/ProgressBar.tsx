type ProgressBarProps = Readonly<{ label: string; done: number; total: number; finished?: boolean }>;

/** The app's progress bar; indeterminate until a total is known, so it never over-promises. */
export function ProgressBar({ label, done, total, finished = false }: ProgressBarProps) {
  const determinate = total > 0;
  return (
    <progress
      className={`scan__bar${finished ? ' progress--done' : ''}`}
      aria-label={label}
      max={determinate ? total : undefined}
      value={determinate ? done : undefined}
    />
  );
}
