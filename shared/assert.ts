/** Compile-time exhaustiveness check for `switch` statements; throws if reached at run time. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Returns `value` or throws with `message` when it is null or undefined. */
export function forceUnwrap<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new Error(message);
  return value;
}
