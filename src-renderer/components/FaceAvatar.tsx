import { useState } from 'react';

type FaceAvatarProps = Readonly<{
  url: string | null | undefined;
  /** What the face is of, for screen readers ("Person 6", "Face 12 of Anna"). */
  label: string;
  size?: 'small' | 'medium' | 'large';
}>;

/** A round face crop, or the label's initial on a plain disc when there is no crop or it fails to load. */
export function FaceAvatar({ url, label, size = 'medium' }: FaceAvatarProps) {
  const [failed, setFailed] = useState(false);
  const className = `avatar avatar--${size}`;
  if (url && !failed) {
    return (
      <img
        className={className}
        src={url}
        alt={label}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
      />
    );
  }
  return (
    <span className={`${className} avatar--empty`} role="img" aria-label={label}>
      {label.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}
