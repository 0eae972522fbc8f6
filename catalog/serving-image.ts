/**
 * Whether the pinned serving image (rayproject/ray-llm:2.52.0-py311-cu128) can read weights
 * from `azure://` URIs. Ray Serve LLM opens them with adlfs and azure-identity and fails
 * without them: `_create_azure_filesystem` in ray python/ray/llm/_internal/common/utils/
 * cloud_filesystem/pyarrow_filesystem.py raises "You must `pip install adlfs azure-identity`
 * to use Azure/ABFSS URIs. Note that these must be preinstalled on all nodes in the Ray
 * cluster." Neither package is in the image's install set: docker/ray-llm/Dockerfile installs
 * only `python/deplocks/llm/rayllm_<py>_<cuda>.lock` (plus vLLM's EP-kernel and DeepGEMM
 * scripts), and that lock has no `adlfs` (between `absl-py` and `aiohappyeyeballs`) and no
 * `azure-*` package (between `av` and `billiard`); `ray[llm]`
 * (python/requirements/llm/llm-requirements.txt) asks for vllm, asyncache, jsonref and boto3
 * only, and later Ray moved both into a separate extra, `ray[llm-azure]`
 * (llm-azure-requirements.txt: `adlfs>=2023.1.0`, `azure-identity>=1.12.0`).
 *
 * Read from the code index at versions later than the ray-2.52.0 tag (the lock read pins
 * anthropic 0.84.0; the ray repository is too large to fetch here); the base image
 * (rayproject/ray) and the image's own `pip freeze` (/home/ray/pip-freeze.txt) were not read.
 * So an Azure region needs an image built from this one with both packages (see docs/azure.md).
 */
export const AZURE_READER_IN_IMAGE = {
  image: "rayproject/ray-llm:2.52.0-py311-cu128",
  packages: ["adlfs", "azure-identity"],
  available: false,
  checked: "ray pyarrow_filesystem.py (_create_azure_filesystem), docker/ray-llm/Dockerfile, python/deplocks/llm/rayllm_py311_cu128.lock, python/requirements/llm/llm-requirements.txt and llm-azure-requirements.txt (indexed versions later than 2.52.0)",
  date: "2026-11-30",
} as const;
