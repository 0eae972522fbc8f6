/**
 * An error thrown while building one stack: the input passed validation, so this is a
 * gap in validation or a bug (a catalog entry a construct cannot use, say). It names the
 * stack and region it came from so `main` can print one line and exit 2; `cause` keeps
 * the original error and its stack trace for PLATFORM_DEBUG=1.
 */
export class StackBuildError extends Error {
  constructor(
    readonly stack: string,
    readonly region: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`${stack}${region ? ` (region ${region})` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StackBuildError";
  }
}

/** Runs `build` and attributes anything it throws to `stack` (and `region`). */
export function inStack<T>(stack: string, region: string | undefined, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw e instanceof StackBuildError ? e : new StackBuildError(stack, region, e);
  }
}
