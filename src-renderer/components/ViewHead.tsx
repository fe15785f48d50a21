import type { ReactNode } from 'react';

type ViewHeadProps = Readonly<{
  /** The heading's id, for the view's aria-labelledby. */
  titleId: string;
  title: string;
  lead: string;
  /** Shown at the head's right: the view's main action or state. */
  children?: ReactNode;
}>;

/** A screen's title, its one-line explanation, and what sits beside them. */
export function ViewHead({ titleId, title, lead, children }: ViewHeadProps) {
  return (
    <div className="view__head">
      <div>
        <h2 id={titleId} className="view__title">
          {title}
        </h2>
        <p className="muted">{lead}</p>
      </div>
      {children}
    </div>
  );
}
