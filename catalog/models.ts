/**
 * LLMs the platform can size at synth: parameter count and the dtype vLLM loads by default.
 *
 * Source: the Hugging Face model cards and `config.json` of each repository
 * (parameter counts as published, `torch_dtype`, `max_position_embeddings`). Compiled: 2025-09.
 */
export const MODEL_CATALOG_SOURCE = {
  source: "Hugging Face model cards and config.json (torch_dtype, max_position_embeddings)",
  compiled: "2025-09",
} as const;

/** Bytes per parameter for the dtypes the catalog uses. */
export const DTYPE_BYTES = { bfloat16: 2, float16: 2, float8: 1, int4: 0.5 } as const;

/** A dtype from the catalog. */
export type Dtype = keyof typeof DTYPE_BYTES;

/** One model: parameters in billions, default dtype, and its context length. */
export interface CatalogModel {
  readonly parametersBillion: number;
  readonly dtype: Dtype;
  /**
   * `max_position_embeddings` of the model's `config.json`: the longest `max_model_len`
   * vLLM accepts (it refuses more with "User-specified max_model_len (...) is greater than
   * the derived max_model_len" unless VLLM_ALLOW_LONG_MAX_MODEL_LEN is set); validation
   * holds `models[].maxModelLen` to it.
   */
  readonly maxContextTokens: number;
}

/** Models by Hugging Face id. */
export const MODELS = {
  "meta-llama/Llama-3.1-8B-Instruct": { parametersBillion: 8.03, dtype: "bfloat16", maxContextTokens: 131072 },
  "meta-llama/Llama-3.1-70B-Instruct": { parametersBillion: 70.6, dtype: "bfloat16", maxContextTokens: 131072 },
  "meta-llama/Llama-3.2-3B-Instruct": { parametersBillion: 3.21, dtype: "bfloat16", maxContextTokens: 131072 },
  "mistralai/Mistral-7B-Instruct-v0.3": { parametersBillion: 7.25, dtype: "bfloat16", maxContextTokens: 32768 },
  "Qwen/Qwen2.5-7B-Instruct": { parametersBillion: 7.62, dtype: "bfloat16", maxContextTokens: 32768 },
  "Qwen/Qwen2.5-32B-Instruct": { parametersBillion: 32.8, dtype: "bfloat16", maxContextTokens: 32768 },
} as const satisfies Record<string, CatalogModel>;

/** A model id from the catalog. */
export type ModelId = keyof typeof MODELS;
