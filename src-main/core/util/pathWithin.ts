import { sep } from 'node:path';

/** `child` equals `parent` or lies inside it, compared on raw bytes at a separator boundary. */
export function isWithin(child: Buffer, parent: Buffer): boolean {
  if (child.equals(parent)) return true;
  const prefix = parent[parent.length - 1] === sep.charCodeAt(0) ? parent : Buffer.concat([parent, Buffer.from(sep)]);
  return child.length > prefix.length && child.subarray(0, prefix.length).equals(prefix);
}
