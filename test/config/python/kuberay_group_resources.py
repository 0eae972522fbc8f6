"""Runs the vendored KubeRay autoscaler translation (reference/ray/...autoscaling_config...py)
on worker-group specs read as JSON from stdin and prints the Ray resources it derives.

Only the Ray modules the file imports are stubbed; the functions under test run unchanged.
`utils.parse_quantity` is Kubernetes' quantity parser (ray copies it from the kubernetes
client); the stub below implements the suffixes the platform uses, with Decimal like it.
"""
import json
import sys
import types
from decimal import Decimal

SUFFIX = {"": 1, "m": Decimal("0.001"), "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
          "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def parse_quantity(q):
    q = str(q)
    for s in sorted(SUFFIX, key=len, reverse=True):
        if s and q.endswith(s):
            return Decimal(q[: -len(s)]) * SUFFIX[s]
    return Decimal(q)


def stub(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    return mod


stub("requests")
stub("ray")
stub("ray._private")
stub("ray._private.label_utils", validate_node_label_syntax=lambda labels: None)
stub("ray.autoscaler")
stub("ray.autoscaler._private", )
stub("ray.autoscaler._private.constants", DISABLE_LAUNCH_CONFIG_CHECK_KEY="x", DISABLE_NODE_UPDATERS_KEY="y", FOREGROUND_NODE_LAUNCH_KEY="z", WORKER_LIVENESS_CHECK_KEY="w")
utils = stub("ray.autoscaler._private.kuberay.utils", parse_quantity=parse_quantity)
node_provider = stub("ray.autoscaler._private.kuberay.node_provider")
stub("ray.autoscaler._private.kuberay", utils=utils, node_provider=node_provider)
stub("ray.autoscaler._private.util", validate_config=lambda c: None)

source = open(sys.argv[1]).read()
module = types.ModuleType("autoscaling_config")
exec(compile(source, sys.argv[1], "exec"), module.__dict__)

groups = json.load(sys.stdin)
print(json.dumps([module._get_ray_resources_from_group_spec(g, False) for g in groups]))
