/**
 * Values that stay the same for a whole test run (parsed vendored files, compiled schema
 * validators), computed once per jest worker instead of once per test file:
 * tools/jest-runtime.js hands every test file of a worker the same map under this symbol.
 * Without that runtime (another runner, a script), the map is this module's own.
 *
 * A memoized value is shared by test files: treat it as read-only.
 */
const WORKER_MEMO = Symbol.for("llmp.test.workerMemo");

/** `produce()`'s value for `key`, produced once per worker. */
export function workerMemo<T>(key: string, produce: () => T): T {
  const holder = globalThis as { [WORKER_MEMO]?: Map<string, unknown> };
  const memo = (holder[WORKER_MEMO] ??= new Map<string, unknown>());
  if (!memo.has(key)) memo.set(key, produce());
  return memo.get(key) as T;
}
