/** A positive whole number given on the command line (an id, a count), or a clear error naming `what`. */
export function positiveNumber(text: string | undefined, what: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${what} must be a positive number, got "${text ?? ''}"`);
  return value;
}
