#!/usr/bin/env python3
"""Checks deploy/aws/iam against the code: each role's policy allows exactly the AWS operations its code calls.

The operations are derived, never listed by hand:
- Java modules: every call on a variable whose type is an AWS SDK v2 client (``logs.describeLogGroups(...)``,
  ``ec2.describeInstancesPaginator(...)``, ``logs::filterLogEvents``), the method mapped to its operation through
  botocore's service model (the AWS CLI's, in the venv). A call the scan cannot attribute fails the check.
- the host agent (bash): AWS CLI calls (``aws logs put-log-events``), JSON-protocol targets
  (``X-Amz-Target: Logs_20140328.PutLogEvents``) and Query actions (``Action=PutMetricData``).

Usage: iam_check.py derive ROOT | actions ROOT | java DIR... | agent FILE | lint ROOT | k8s ROOT | trust ROOT NS SA
"""

import json
import re
import string
import sys
from pathlib import Path

import botocore.session
from botocore import xform_name

# AWS SDK for Java v2 package -> (botocore service model, IAM action prefix).
SDK_SERVICES = {
    "cloudwatchlogs": ("logs", "logs"),
    "cloudwatch": ("cloudwatch", "cloudwatch"),
    "ec2": ("ec2", "ec2"),
    "kinesis": ("kinesis", "kinesis"),
    "sts": ("sts", "sts"),
}
# Client methods that are no AWS operation.
CLIENT_METHODS = {"close", "serviceName", "serviceClientConfiguration", "utilities", "waiter"}
# Top-level Java modules whose AWS calls need no role: test-support runs only in tests (it starts moto).
NO_ROLE_NEEDED = {"test-support"}

_session = botocore.session.get_session()
_models = {}


def operations(service):
    """The operation names of one botocore service model ('logs' -> {'PutLogEvents', ...})."""
    if service not in _models:
        _models[service] = set(_session.get_service_model(service).operation_names)
    return _models[service]


def strip_java_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def java_calls(paths):
    """(set of 'prefix:Operation', list of problems) for the Java files under the given paths."""
    found, problems = set(), []
    for root in paths:
        for file in sorted(Path(root).rglob("*.java")):
            text = strip_java_comments(file.read_text())
            clients = {}  # client type -> SDK package
            for package, client in re.findall(r"import\s+software\.amazon\.awssdk\.services\.(\w+)\.(\w+Client)\s*;", text):
                clients[client] = package
            if re.search(r"import\s+software\.amazon\.awssdk\.services\.\w+\.\*\s*;", text):
                problems.append(f"{file}: a wildcard import of an AWS SDK service package hides which client it uses")
            # What is left once the import and package lines are gone: declarations and calls.
            code = re.sub(r"^\s*(?:import|package)\s[^;]*;", " ", text, flags=re.M)
            for package in set(clients.values()):
                if package not in SDK_SERVICES:
                    problems.append(f"{file}: AWS SDK package '{package}' has no IAM mapping in {__file__}")
            variables = {}  # variable name -> SDK package
            for client, package in clients.items():
                for name in re.findall(rf"\b{client}\s+(\w+)\s*[;=,)]", code):
                    variables[name] = package
            for name, package in variables.items():
                if package not in SDK_SERVICES:
                    continue
                service, prefix = SDK_SERVICES[package]
                for method in re.findall(rf"\b{name}\s*(?:\.\s*(\w+)\s*\(|::\s*(\w+))", code):
                    method = method[0] or method[1]
                    if method in CLIENT_METHODS:
                        continue
                    operation = method.removesuffix("Paginator")
                    operation = operation[:1].upper() + operation[1:]
                    if operation in operations(service):
                        found.add(f"{prefix}:{operation}")
                    else:
                        problems.append(f"{file}: {name}.{method} is no {service} operation (nor a known client method)")
            # Fail closed: an operation-named call on anything that is not a client variable of this file.
            for package in set(clients.values()) & SDK_SERVICES.keys():
                service, _ = SDK_SERVICES[package]
                names = {name for name, p in variables.items() if p == package}
                for call in re.finditer(r"(\.|::)\s*(\w+)\s*(\()?", code):
                    method = call.group(2)
                    operation = method.removesuffix("Paginator")
                    operation = operation[:1].upper() + operation[1:]
                    if operation not in operations(service) or not (call.group(3) or call.group(1) == "::"):
                        continue
                    receiver = re.search(r"(\w*)\s*$", code[: call.start()]).group(1)
                    if receiver not in names:
                        before = " ".join(code[max(0, call.start() - 40) : call.start()].split())
                        problems.append(f"{file}: '...{before}.{method}(...)' looks like {service}:{operation} "
                                        "on a receiver that is not an SDK client variable of this file")
    return found, problems


def agent_calls(file):
    """(set of 'prefix:Operation', list of problems) for the bash agent."""
    found, problems = set(), []
    lines = [line for line in Path(file).read_text().splitlines() if not line.lstrip().startswith("#")]
    text = "\n".join(lines)
    cli = {"logs": ("logs", "logs"), "cloudwatch": ("cloudwatch", "cloudwatch")}
    for service_name, command in re.findall(r"\b\w*aws\w*(?:\s+--[\w-]+(?:[= ]\S+)?)*\s+(logs|cloudwatch)\s+([a-z][a-z0-9-]*)", text):
        service, prefix = cli[service_name]
        names = {xform_name(op, "-"): op for op in operations(service)}
        if command in names:
            found.add(f"{prefix}:{names[command]}")
        else:
            problems.append(f"{file}: 'aws {service_name} {command}' is no {service} command")
    targets = {operations_model.metadata.get("targetPrefix"): (name, prefix)
               for name, prefix in [("logs", "logs"), ("cloudwatch", "cloudwatch")]
               for operations_model in [_session.get_service_model(name)]}
    for target, operation in re.findall(r"\b(\w+)\.([A-Z]\w+)", text):
        if target in targets:
            service, prefix = targets[target]
            if operation in operations(service):
                found.add(f"{prefix}:{operation}")
            else:
                problems.append(f"{file}: X-Amz-Target {target}.{operation} is no {service} operation")
    # Smithy RPC v2 CBOR (CloudWatch's newest protocol): POST /service/<target prefix>/operation/<Operation>.
    for target, operation in re.findall(r"/service/(\w+)/operation/([A-Z]\w+)", text):
        if target in targets and operation in operations(targets[target][0]):
            found.add(f"{targets[target][1]}:{operation}")
        else:
            problems.append(f"{file}: /service/{target}/operation/{operation} is no known operation")
    for operation in re.findall(r"\bAction=([A-Z]\w+)", text):
        if operation in operations("cloudwatch"):
            found.add(f"cloudwatch:{operation}")
        else:
            problems.append(f"{file}: Query Action={operation} is no CloudWatch operation")
    if re.search(r"\$\{?\w+\}?\.\$|Action=\$|--aws-sigv4", text) and not found:
        problems.append(f"{file}: signs AWS requests but no operation could be derived")
    return found, problems


def roles(root):
    """The rows of roles.tsv: (role, namespace, service account, policy file, source)."""
    rows = []
    for line in (Path(root) / "deploy/aws/iam/roles.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows


def policy_actions(path):
    document = json.loads(Path(path).read_text())
    actions = set()
    statements = document["Statement"]
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement["Effect"] != "Allow":
            continue
        action = statement["Action"]
        actions.update([action] if isinstance(action, str) else action)
    return actions


def derived(root, source):
    path = Path(root) / source
    return agent_calls(path) if path.is_file() else java_calls([path / "src/main/java"])


def cmd_derive(root):
    for role, _, _, _, source in roles(root):
        calls, problems = derived(root, source)
        print(f"{role}\t{source}\t{' '.join(sorted(calls))}")
        for problem in problems:
            print(f"  problem: {problem}")


def cmd_actions(root):
    failures = []
    covered = set()
    for role, _, _, policy, source in roles(root):
        calls, problems = derived(root, source)
        failures += problems
        if not calls:
            failures.append(f"{role}: no AWS call derived from {source}")
        allowed = policy_actions(Path(root) / "deploy/aws/iam" / policy)
        if missing := calls - allowed:
            failures.append(f"{role}: {policy} lacks {sorted(missing)} that {source} calls")
        if extra := allowed - calls:
            failures.append(f"{role}: {policy} allows {sorted(extra)} that {source} never calls")
        if allowed == calls:
            print(f"{role}: {' '.join(sorted(calls))}")
        covered.add(source)
    modules = sorted(path.parts[-4] for path in Path(root).glob("*/src/main/java"))
    for module in modules:
        if module in covered or module in NO_ROLE_NEEDED:
            continue
        calls, problems = java_calls([Path(root) / module / "src/main/java"])
        failures += problems
        if calls:
            failures.append(f"{module} calls {sorted(calls)} but has no role in roles.tsv")
        else:
            print(f"{module}: no AWS call, no role")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


def render_trust(root, namespace, service_account):
    template = string.Template((Path(root) / "deploy/aws/iam/irsa-trust-policy.json.tmpl").read_text())
    return template.substitute(AWS_ACCOUNT_ID="111122223333",
                               OIDC_PROVIDER="oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
                               NAMESPACE=namespace, SERVICE_ACCOUNT=service_account)


def cmd_lint(root):
    from parliament import analyze_policy_string

    failures = 0
    documents = [(policy, (Path(root) / "deploy/aws/iam" / policy).read_text()) for _, _, _, policy, _ in roles(root)]
    for policy, text in documents:
        findings = analyze_policy_string(text, policy, include_community_auditors=True).findings
        for finding in findings:
            print(f"FAIL {policy}: {finding.issue} {finding.detail}", file=sys.stderr)
        failures += len(findings)
        if not findings:
            print(f"{policy}: parliament finds nothing")
    return 1 if failures else 0


def cmd_k8s(root):
    """The aws overlay's IRSA annotations name exactly the roles of roles.tsv, each on its own service account."""
    import yaml

    overlay = yaml.safe_load((Path(root) / "deploy/k8s/overlays/aws/kustomization.yaml").read_text())
    annotated = {}
    for patch in overlay.get("patches", []):
        if patch.get("target", {}).get("kind") != "ServiceAccount":
            continue
        for op in yaml.safe_load(patch["patch"]):
            arn = (op.get("value") or {}).get("eks.amazonaws.com/role-arn")
            if arn:
                annotated[patch["target"]["name"]] = arn.rsplit("/", 1)[1]
    expected = {account: role for role, _, account, _, _ in roles(root)}
    if annotated != expected:
        print(f"FAIL the aws overlay annotates {annotated}, roles.tsv has {expected}", file=sys.stderr)
        return 1
    for account, role in sorted(annotated.items()):
        print(f"{account}: {role}")
    return 0


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[1], argv[2:]
    if command == "derive":
        cmd_derive(args[0])
        return 0
    if command == "actions":
        return cmd_actions(args[0])
    if command == "lint":
        return cmd_lint(args[0])
    if command == "k8s":
        return cmd_k8s(args[0])
    if command == "java":
        calls, problems = java_calls(args)
    elif command == "agent":
        calls, problems = agent_calls(args[0])
    elif command == "trust":
        print(render_trust(args[0], args[1], args[2]))
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(" ".join(sorted(calls)))
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
