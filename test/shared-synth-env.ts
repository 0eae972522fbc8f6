/**
 * The environment variable naming the folder where the workers of one `npm test` run
 * share what they synthesized (test/shared-synth.ts); set by test/global-setup.ts.
 * A module of its own so the global setup loads no cdktf.
 */
export const SHARED_SYNTH_ENV = "LLMP_TEST_SYNTH_DIR";

/** The environment variable naming one `npm test` run's folder: shared synths and the workers' TMPDIR. */
export const TEST_RUN_DIR_ENV = "LLMP_TEST_RUN_DIR";
