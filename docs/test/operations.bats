#!/usr/bin/env bats
# docs/operations.md against the code: the metrics it names exist, and its example PrometheusRule is valid YAML
# whose alerts use only those metrics.

setup() {
  ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
  VENV="${ETHERWATCH_VENV:-$ROOT/.venv}"
}

@test "operations.md: every etherwatch_* metric it names is registered by a service" {
  run "$VENV/bin/python" - "$ROOT" <<'EOF'
import re, sys
from pathlib import Path
root = Path(sys.argv[1])
registered = set()
for source in root.glob("*/src/main/java/**/*.java"):
    registered.update(re.findall(r'"(etherwatch\.[a-z0-9.]+)"', source.read_text()))
named = set(re.findall(r"\betherwatch_[a-z0-9_]+\b", (root / "docs/operations.md").read_text()))
assert len(named) >= 15, sorted(named)
unknown = []
for metric in sorted(named):
    # Micrometer's Prometheus names: dots become underscores, counters end in _total, a base unit is appended.
    candidates = {metric} | {metric.removesuffix(s) for s in ("_total", "_seconds", "_bytes")}
    if not any(c.replace("_", ".") in registered for c in candidates):
        unknown.append(metric)
print("unknown:", unknown) if unknown else print(len(named), "metrics, all registered")
sys.exit(1 if unknown else 0)
EOF
  echo "$output"
  [ "$status" -eq 0 ]
}

@test "operations.md: the example PrometheusRule parses, and each alert has a name, an expression and a severity" {
  run "$VENV/bin/python" - "$ROOT/docs/operations.md" <<'EOF'
import re, sys, yaml
blocks = [b for b in re.findall(r"```yaml\n(.*?)```", open(sys.argv[1]).read(), re.S) if "kind: PrometheusRule" in b]
assert len(blocks) == 1, len(blocks)
rule = yaml.safe_load(blocks[0])
assert rule["apiVersion"] == "monitoring.coreos.com/v1" and rule["kind"] == "PrometheusRule"
alerts = [r for g in rule["spec"]["groups"] for r in g["rules"]]
for alert in alerts:
    assert alert["alert"].startswith("Etherwatch") and alert["expr"].strip(), alert
    assert alert["labels"]["severity"] in ("info", "warning", "critical"), alert
    assert alert["expr"].count("(") == alert["expr"].count(")"), alert["alert"]
print(len(alerts), "alerts")
EOF
  echo "$output"
  [ "$status" -eq 0 ]
}
