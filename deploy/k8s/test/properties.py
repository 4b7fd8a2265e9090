#!/usr/bin/env python3
"""Properties of the rendered Kubernetes manifests (issue 17, DESIGN section 8), checked offline.

  properties.py RENDERED.yaml OVERLAY CHECK    one check (names: properties.py --list) over `kubectl kustomize`'s
                                               output of deploy/k8s/overlays/OVERLAY; prints what is wrong, exit 1

What the services read is derived from their code: the @ConfigMapping interfaces, application.properties and
@ConfigProperty names under <service>/src/main; the fixed Kafka topics from the same interfaces; the operator-provided
Secrets from the table in deploy/k8s/README.md.
"""

import ipaddress
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
NS = "etherwatch"
AGENT_NS = "etherwatch-agent"
SERVICES = {  # name -> port (DESIGN section 2)
    "web-console": 8080,
    "auth-service": 8081,
    "inventory-service": 8082,
    "push-service": 8083,
    "log-ingest-service": 8084,
}
AWS_CALLERS = {"inventory-service", "log-ingest-service", "push-service"}
WORKLOADS = {"Deployment", "DaemonSet", "StatefulSet"}

# --- the rendered objects -------------------------------------------------------------------------------------


def load(path):
    with open(path, encoding="utf-8") as f:
        return [o for o in yaml.safe_load_all(f) if o]


def find(objs, kind, name=None, ns=None):
    return [
        o
        for o in objs
        if o["kind"] == kind
        and (name is None or o["metadata"]["name"] == name)
        and (ns is None or o["metadata"].get("namespace") == ns)
    ]


def one(objs, kind, name, ns=NS):
    found = find(objs, kind, name, ns)
    return found[0] if found else None


def pod_spec(o):
    return o["spec"]["template"]["spec"]


def containers(o, init=True):
    spec = pod_spec(o)
    return spec.get("containers", []) + (spec.get("initContainers", []) if init else [])


def selects(selector, labels):
    """Whether a LabelSelector (matchLabels, matchExpressions In/NotIn/Exists/DoesNotExist) selects labels."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


# --- what the code reads ----------------------------------------------------------------------------------------


def kebab(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def env_form(key):
    """A property name as an environment variable (SmallRye Config's rule)."""
    return re.sub(r"[^A-Za-z0-9]", "_", key).upper()


def strip_comments(java):
    """Java source without comments, and string literals that hold brackets or semicolons emptied (to '"…"'), so
    that brackets and semicolons are the code's own."""

    def keep(m):
        token = m.group(0)
        if token.startswith("/"):
            return " "
        return '"…"' if re.search(r"[(){};]", token) else token

    return re.sub(r'"(?:[^"\\\n]|\\.)*"|/\*.*?\*/|//[^\n]*', keep, java, flags=re.S)


def interface_bodies(java):
    """name -> body text of every interface in a file (nested ones too)."""
    bodies = {}
    for m in re.finditer(r"\binterface\s+(\w+)\s*\{", java):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(java[i], 0)
            i += 1
        bodies[m.group(1)] = java[m.end() : i - 1]
    return bodies


def own_methods(body):
    """The method declarations of an interface body, nested interfaces' bodies cut out."""
    out, depth, buf = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            continue
        if depth == 0:
            buf += ch
    for m in re.finditer(r"((?:@\w+(?:\([^)]*\))?\s*)*)([\w.<>, ?\[\]]+?)\s+(\w+)\(\)\s*;", buf):
        out.append((m.group(1), m.group(2).strip(), m.group(3)))
    return out


def mapping_keys(service):
    """{property: 'default'|'optional'|'required'|'map'} of every @ConfigMapping interface of a service."""
    keys = {}
    for path in (ROOT / service / "src/main/java").rglob("*.java"):
        java = strip_comments(path.read_text(encoding="utf-8"))
        top = re.search(r'@ConfigMapping\(\s*prefix\s*=\s*"([^"]+)"\s*\)\s*public\s+interface\s+(\w+)', java)
        if not top:
            continue
        bodies = interface_bodies(java)

        def walk(iface, prefix):
            for annotations, rtype, name in own_methods(bodies[iface]):
                key = prefix + "." + kebab(name)
                named = re.search(r'@WithName\("([^"]+)"\)', annotations)
                if named:
                    key = prefix + "." + named.group(1)
                if rtype in bodies:
                    walk(rtype, key)
                elif rtype.startswith("Map<"):
                    keys[key] = "map"
                elif rtype.startswith("Optional"):
                    keys[key] = "optional"
                elif "@WithDefault" in annotations:
                    keys[key] = "default"
                else:
                    keys[key] = "required"

        walk(top.group(2), top.group(1))
    return keys


def other_keys(service):
    """Keys a service reads outside @ConfigMapping: its application.properties (profile-less lines), the
    environment variables those lines name (${NAME:…}), and @ConfigProperty names."""
    keys, envs = set(), set()
    props = ROOT / service / "src/main/resources/application.properties"
    if props.exists():
        for line in props.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith(("#", "%")):
                key, value = line.split("=", 1)
                keys.add(key.strip())
                envs.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", value))
    for path in (ROOT / service / "src/main/java").rglob("*.java"):
        keys.update(re.findall(r'@ConfigProperty\(\s*name\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    return keys, envs


# Keys of Quarkus extensions a service uses that its own files do not name, and why the manifests set them.
FRAMEWORK_KEYS = {
    # quarkus-jdbc-postgresql (auth-service/pom.xml): the database, from a Secret in Kubernetes.
    "auth-service": {"quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password"},
}
# Environment variables read by the image's launcher (run-java.sh) or the AWS SDK, not by Quarkus' configuration.
RUNTIME_ENV = {"JAVA_OPTS_APPEND"}
AWS_SDK_ENV = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"}


def fixed_topics():
    """{topic: the @WithDefault text} of ingest's Output interface: the topics whose names are fixed by default."""
    topics = {}
    java = strip_comments((ROOT / "log-ingest-service/src/main/java/io/etherwatch/ingest/config/IngestConfig.java")
                          .read_text(encoding="utf-8"))
    watched = re.search(
        r'TOPIC\s*=\s*"([^"]+)"',
        (ROOT / "log-event-model/src/main/java/io/etherwatch/logevent/WatchedGroup.java").read_text(encoding="utf-8"),
    ).group(1)
    for annotations, rtype, name in own_methods(interface_bodies(java)["Output"]):
        if name.endswith("Topic") and rtype == "String":
            default = re.search(r"@WithDefault\(([^)]*)\)", annotations).group(1)
            topics[name] = watched if default == "WatchedGroup.TOPIC" else default.strip('"')
    return topics


def operator_secrets():
    """{secret: (keys, overlays)} from deploy/k8s/README.md's table ('| `name` | `k1`, `k2` | local, aws | …')."""
    table = {}
    for line in (ROOT / "deploy/k8s/README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"`[a-z0-9-]+`", cells[0]):
            keys = set(re.findall(r"`([^`]+)`", cells[1]))
            overlays = {o.strip() for o in cells[2].split(",")}
            table[cells[0].strip("`")] = (keys, overlays)
    return table


# --- checks -----------------------------------------------------------------------------------------------------


def service_deployments(objs):
    return [d for d in find(objs, "Deployment", ns=NS) if d["metadata"]["name"] in SERVICES]


def check_probes(objs, overlay):
    bad = []
    for d in service_deployments(objs):
        for c in containers(d, init=False):
            ports = {p.get("name") for p in c.get("ports", [])} | {p["containerPort"] for p in c.get("ports", [])}
            want = {"startupProbe": "/q/health/live", "livenessProbe": "/q/health/live",
                    "readinessProbe": "/q/health/ready"}
            for probe, path in want.items():
                get = (c.get(probe) or {}).get("httpGet") or {}
                if get.get("path") != path or get.get("port") not in ports:
                    bad.append(f"{d['metadata']['name']}/{c['name']}: {probe} is not GET {path} on a declared port")
    if len(service_deployments(objs)) != len(SERVICES):
        bad.append(f"expected a Deployment for each of {sorted(SERVICES)}")
    return bad


def check_resources(objs, overlay):
    bad = []
    for w in [o for o in objs if o["kind"] in WORKLOADS]:
        for c in containers(w):
            res = c.get("resources") or {}
            for kind in ("requests", "limits"):
                for r in ("cpu", "memory"):
                    if r not in (res.get(kind) or {}):
                        bad.append(f"{w['metadata']['name']}/{c['name']}: no {kind}.{r}")
    return bad


def has_tmp_emptydir(w, c):
    empty = {v["name"] for v in pod_spec(w).get("volumes", []) if "emptyDir" in v}
    return any(m["mountPath"] == "/tmp" and m["name"] in empty for m in c.get("volumeMounts", []))


def check_security(objs, overlay):
    bad = []
    for ns in find(objs, "Namespace"):
        labels = ns["metadata"].get("labels", {})
        want = {NS: "restricted", AGENT_NS: "privileged"}.get(ns["metadata"]["name"])
        if want and labels.get("pod-security.kubernetes.io/enforce") != want:
            bad.append(f"namespace {ns['metadata']['name']}: Pod Security enforce is not {want}")
    for w in [o for o in objs if o["kind"] in WORKLOADS]:
        name, spec = w["metadata"]["name"], pod_spec(w)
        pod = spec.get("securityContext") or {}
        if w["metadata"].get("namespace") == NS:
            if pod.get("runAsNonRoot") is not True:
                bad.append(f"{name}: pod runAsNonRoot is not true")
            if (pod.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
                bad.append(f"{name}: pod seccompProfile is not RuntimeDefault")
            if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
                bad.append(f"{name}: uses a host namespace")
            if any("hostPath" in v for v in spec.get("volumes", [])):
                bad.append(f"{name}: mounts a hostPath")
            if spec.get("automountServiceAccountToken") is not False:
                bad.append(f"{name}: mounts a service account token it does not use")
            allowed_add = set()
        elif name == "host-agent":
            if not spec.get("hostNetwork"):
                bad.append("host-agent: not on the host network")
            if {"operator": "Exists"} not in spec.get("tolerations", []):
                bad.append("host-agent: does not tolerate every taint")
            allowed_add = {"NET_ADMIN", "NET_RAW"}
        else:
            bad.append(f"{name}: a workload outside {NS} and {AGENT_NS}")
            continue
        for c in containers(w):
            sc = c.get("securityContext") or {}
            caps = sc.get("capabilities") or {}
            where = f"{name}/{c['name']}"
            if sc.get("allowPrivilegeEscalation") is not False:
                bad.append(f"{where}: allowPrivilegeEscalation is not false")
            if sc.get("privileged"):
                bad.append(f"{where}: privileged")
            if caps.get("drop") != ["ALL"]:
                bad.append(f"{where}: capabilities do not drop ALL")
            if set(caps.get("add", [])) != allowed_add:
                bad.append(f"{where}: adds capabilities {caps.get('add', [])}, expected {sorted(allowed_add)}")
            if sc.get("readOnlyRootFilesystem") is not True:
                bad.append(f"{where}: root filesystem is writable")
            if not has_tmp_emptydir(w, c):
                bad.append(f"{where}: no emptyDir on /tmp")
            if w["metadata"].get("namespace") == NS and sc.get("runAsNonRoot") is False:
                bad.append(f"{where}: runAsNonRoot false")
    return bad


def check_images(objs, overlay):
    bad = []
    version = re.search(r"<version>([^<]+)</version>", (ROOT / "pom.xml").read_text(encoding="utf-8")).group(1)
    for w in [o for o in objs if o["kind"] in WORKLOADS]:
        for c in containers(w):
            image = c["image"]
            repo, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
            if not tag or tag == "latest":
                bad.append(f"{w['metadata']['name']}/{c['name']}: image {image} has no version tag")
            if repo.startswith("etherwatch/") and tag != version:
                bad.append(f"{w['metadata']['name']}/{c['name']}: image {image} is not the project version {version}")
    return bad


def check_services(objs, overlay):
    bad = []
    for svc in find(objs, "Service"):
        ns, sel = svc["metadata"].get("namespace"), svc["spec"].get("selector") or {}
        pods = [w for w in objs if w["kind"] in WORKLOADS and w["metadata"].get("namespace") == ns
                and sel and selects({"matchLabels": sel}, w["spec"]["template"]["metadata"].get("labels", {}))]
        if not pods:
            bad.append(f"Service {svc['metadata']['name']}: selects no pods")
        for w in pods:
            declared = set()
            for c in containers(w, init=False):
                for p in c.get("ports", []):
                    declared |= {p["containerPort"], p.get("name")}
            for port in svc["spec"]["ports"]:
                if port.get("targetPort", port["port"]) not in declared:
                    bad.append(f"Service {svc['metadata']['name']}: targetPort {port.get('targetPort')} "
                               f"is not a port of {w['metadata']['name']}")
    return bad


# DESIGN section 8's routes.
ROUTES = {
    "/api/authenticate": "auth-service", "/api/token": "auth-service", "/api/logout": "auth-service",
    "/api/verify": "auth-service", "/api/users": "auth-service", "/api/ec2": "inventory-service",
    "/api/metrics": "inventory-service", "/api/log": "inventory-service", "/ws": "push-service",
    "/api/stream": "push-service", "/": "web-console",
}
STREAMING = {"/ws", "/api/stream"}


def check_ingress(objs, overlay):
    bad, routes = [], {}
    for ing in find(objs, "Ingress", ns=NS):
        notes = ing["metadata"].get("annotations") or {}
        for rule in ing["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                backend = p["backend"]["service"]
                routes[p["path"]] = backend["name"]
                svc = one(objs, "Service", backend["name"])
                if svc is None:
                    bad.append(f"Ingress {ing['metadata']['name']}: backend {backend['name']} does not exist")
                    continue
                port = backend["port"].get("name", backend["port"].get("number"))
                declared = {q.get("name") for q in svc["spec"]["ports"]} | {q["port"] for q in svc["spec"]["ports"]}
                if port not in declared:
                    bad.append(f"Ingress {ing['metadata']['name']}: {backend['name']} has no port {port}")
                if p["path"] in STREAMING:
                    for key in ("proxy-read-timeout", "proxy-send-timeout"):
                        if int(notes.get(f"nginx.ingress.kubernetes.io/{key}", "60")) < 3600:
                            bad.append(f"{p['path']}: {key} under 3600 s")
                    if notes.get("nginx.ingress.kubernetes.io/proxy-buffering") != "off":
                        bad.append(f"{p['path']}: responses are buffered (SSE needs proxy-buffering off)")
        if overlay == "aws":
            hosts = {r.get("host") for r in ing["spec"]["rules"]}
            tls = {h for t in ing["spec"].get("tls", []) for h in t.get("hosts", [])}
            if not hosts <= tls:
                bad.append(f"Ingress {ing['metadata']['name']}: hosts {sorted(hosts - tls)} without TLS")
    if routes != ROUTES:
        bad.append(f"routes {routes} are not DESIGN section 8's {ROUTES}")
    if overlay == "aws" and not any("cert-manager.io/cluster-issuer" in (i["metadata"].get("annotations") or {})
                                    for i in find(objs, "Ingress", ns=NS)):
        bad.append("no Ingress asks cert-manager for its certificate")
    return bad


def peer_name(peer):
    """A NetworkPolicy peer as one readable string."""
    if "ipBlock" in peer:
        return "cidr:" + peer["ipBlock"]["cidr"]
    parts = []
    if "namespaceSelector" in peer:
        ns = peer["namespaceSelector"].get("matchLabels", {})
        parts.append("ns:" + ns.get("kubernetes.io/metadata.name", "*" if not ns else str(ns)))
    pod = (peer.get("podSelector") or {}).get("matchLabels", {})
    if list(pod) == ["app.kubernetes.io/name"]:
        parts.append(pod["app.kubernetes.io/name"])
    elif pod:
        parts.append(",".join(f"{k}={v}" for k, v in sorted(pod.items())))
    return "/".join(parts)


def allows(objs, labels, named_ports, direction):
    """{(peer, port/protocol)} that the policies selecting a pod open in one direction."""
    key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
    found = set()
    for pol in find(objs, "NetworkPolicy", ns=NS):
        spec = pol["spec"]
        if direction not in spec.get("policyTypes", []) or not selects(spec.get("podSelector") or {}, labels):
            continue
        for rule in spec.get(key, []):
            for peer in rule.get(peers_key, [{"ipBlock": {"cidr": "0.0.0.0/0"}}]):
                for port in rule.get("ports", [{"port": "any"}]):
                    number = named_ports.get(port["port"], port["port"]) if direction == "Ingress" else port["port"]
                    found.add((peer_name(peer), f"{number}/{port.get('protocol', 'TCP')}"))
    return found


def expected_policy(overlay):
    """DESIGN section 8's allows for each service pod, with the two additions docs/decisions.md explains (JWKS,
    Prometheus). Where Kafka, PostgreSQL and AWS are depends on the overlay."""
    dns = {("ns:kube-system/k8s-app=kube-dns", "53/UDP"), ("ns:kube-system/k8s-app=kube-dns", "53/TCP")}
    if overlay == "local":
        kafka = {("strimzi.io/broker-role=true,strimzi.io/cluster=etherwatch", "9092/TCP")}
        postgres = {("cnpg.io/cluster=etherwatch-postgres", "5432/TCP")}
        aws = {("moto", "4566/TCP")}
    else:
        kafka = {("cidr:10.0.0.0/16", f"{p}/TCP") for p in (9092, 9094, 9096, 9098)}
        postgres = {("cidr:10.0.0.0/16", "5432/TCP")}
        aws = {("cidr:0.0.0.0/0", "443/TCP")}
    jwks = {("auth-service", "8081/TCP")}
    want = {}
    for svc, port in SERVICES.items():
        ingress = {("ns:monitoring/prometheus", f"{port}/TCP")}
        if svc != "log-ingest-service":
            ingress.add(("ns:ingress-nginx/ingress-nginx", f"{port}/TCP"))
        want[svc] = {"Ingress": ingress, "Egress": set(dns)}
    want["auth-service"]["Ingress"] |= {("inventory-service", "8081/TCP"), ("push-service", "8081/TCP")}
    want["auth-service"]["Egress"] |= postgres
    for svc in ("inventory-service", "push-service"):
        want[svc]["Egress"] |= jwks
    for svc in ("log-ingest-service", "push-service"):
        want[svc]["Egress"] |= kafka
    for svc in AWS_CALLERS:
        want[svc]["Egress"] |= aws
    return want


def check_network(objs, overlay):
    bad = []
    deny = [p for p in find(objs, "NetworkPolicy", ns=NS)
            if p["spec"].get("podSelector") == {} and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    if not deny:
        bad.append(f"no default-deny (ingress and egress) NetworkPolicy in {NS}")
    want = expected_policy(overlay)
    for w in [o for o in objs if o["kind"] in WORKLOADS and o["metadata"].get("namespace") == NS]:
        name = w["metadata"]["name"]
        labels = w["spec"]["template"]["metadata"].get("labels", {})
        named = {p["name"]: p["containerPort"] for c in containers(w) for p in c.get("ports", []) if "name" in p}
        for direction in ("Ingress", "Egress"):
            got = allows(objs, labels, named, direction)
            if name in want and got != want[name][direction]:
                bad.append(f"{name} {direction}: extra {sorted(got - want[name][direction])}, "
                           f"missing {sorted(want[name][direction] - got)}")
    return bad


def check_references(objs, overlay):
    bad = []
    documented = operator_secrets()
    made = {("Secret", s["metadata"]["name"]) for s in find(objs, "Secret")}
    if overlay == "local" and find(objs, "Cluster"):
        for c in find(objs, "Cluster"):  # CloudNativePG writes <cluster>-app (username, password, jdbc-uri, …)
            made.add(("Secret", c["metadata"]["name"] + "-app"))
    for w in [o for o in objs if o["kind"] in WORKLOADS]:
        ns, name = w["metadata"].get("namespace"), w["metadata"]["name"]
        refs = []  # (kind, name, key or None)
        for c in containers(w):
            for src in c.get("envFrom", []):
                if "configMapRef" in src:
                    refs.append(("ConfigMap", src["configMapRef"]["name"], None))
                if "secretRef" in src:
                    refs.append(("Secret", src["secretRef"]["name"], None))
            for env in c.get("env", []):
                vf = env.get("valueFrom") or {}
                if "configMapKeyRef" in vf:
                    refs.append(("ConfigMap", vf["configMapKeyRef"]["name"], vf["configMapKeyRef"]["key"]))
                if "secretKeyRef" in vf:
                    refs.append(("Secret", vf["secretKeyRef"]["name"], vf["secretKeyRef"]["key"]))
        for v in pod_spec(w).get("volumes", []):
            if "secret" in v:
                for item in v["secret"].get("items", []) or [{"key": None}]:
                    refs.append(("Secret", v["secret"]["secretName"], item["key"]))
            if "configMap" in v:
                refs.append(("ConfigMap", v["configMap"]["name"], None))
        for kind, ref, key in refs:
            if kind == "ConfigMap":
                cm = one(objs, "ConfigMap", ref, ns)
                if cm is None or (key and key not in cm.get("data", {})):
                    bad.append(f"{name}: ConfigMap {ref}{'/' + key if key else ''} does not exist in {ns}")
            elif (kind, ref) not in made:
                keys, overlays = documented.get(ref, (set(), set()))
                if overlay not in overlays:
                    bad.append(f"{name}: Secret {ref} is neither made here nor documented for {overlay} "
                               "in deploy/k8s/README.md")
                elif key and key not in keys:
                    bad.append(f"{name}: Secret {ref} key {key} is not documented")
    for ing in find(objs, "Ingress", ns=NS):
        for tls in ing["spec"].get("tls", []):
            if tls["secretName"] not in documented:
                bad.append(f"Ingress {ing['metadata']['name']}: TLS Secret {tls['secretName']} is not documented")
    return bad


def check_config_keys(objs, overlay):
    bad = []
    for svc in SERVICES:
        mapping = mapping_keys(svc)
        extra, envs = other_keys(svc)
        readable = {env_form(k): k for k in list(mapping) + sorted(extra | FRAMEWORK_KEYS.get(svc, set()))}
        readable.update({e: e for e in envs})
        cm = one(objs, "ConfigMap", svc)
        d = one(objs, "Deployment", svc)
        if cm is None or d is None:
            bad.append(f"{svc}: no ConfigMap or Deployment")
            continue
        set_keys = set(cm.get("data", {}))
        env_keys = {e["name"] for c in containers(d) for e in c.get("env", [])}
        for key in sorted(set_keys):
            if key not in readable:
                bad.append(f"{svc}: ConfigMap key {key} is not a key the service reads")
        for key in sorted(env_keys - RUNTIME_ENV - (AWS_SDK_ENV if svc in AWS_CALLERS else set())):
            if key not in readable:
                bad.append(f"{svc}: env {key} is not a key the service reads")
        for key, how in sorted(mapping.items()):
            if how in ("default", "required") and env_form(key) not in set_keys | env_keys:
                bad.append(f"{svc}: {key} ({how}) is missing from its ConfigMap")
    agent_env = set(re.findall(r"\$\{(ETHERWATCH_[A-Z_]+)", (ROOT / "host-agent/bin/etherwatch-agent")
                               .read_text(encoding="utf-8")))
    cm = one(objs, "ConfigMap", "host-agent", AGENT_NS)
    for key in sorted(set(cm.get("data", {})) - agent_env - AWS_SDK_ENV):
        bad.append(f"host-agent: ConfigMap key {key} is read neither by the agent nor by the AWS CLI")
    return bad


def check_overlay(objs, overlay):
    bad = []
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in find(objs, "HorizontalPodAutoscaler", ns=NS)}
    if overlay == "local":
        for d in find(objs, "Deployment", ns=NS):
            if d["spec"].get("replicas", 1) != 1:
                bad.append(f"{d['metadata']['name']}: more than one replica")
        if hpas:
            bad.append(f"HPAs in the local overlay: {sorted(hpas)}")
        kafka = find(objs, "Kafka", ns=NS)
        pools = find(objs, "KafkaNodePool", ns=NS)
        if len(kafka) != 1 or not pools or any(set(p["spec"]["roles"]) != {"controller", "broker"} for p in pools):
            bad.append("expected one Kafka and a KRaft node pool that is both controller and broker")
        topics = {t["spec"].get("topicName", t["metadata"]["name"]): t for t in find(objs, "KafkaTopic", ns=NS)}
        shards = int(one(objs, "ConfigMap", "log-ingest-service")["data"]["ETHERWATCH_INGEST_KAFKA_SHARDS"])
        for method, topic in fixed_topics().items():
            if topic not in topics:
                bad.append(f"no KafkaTopic for {topic} ({method})")
                continue
            spec = topics[topic]["spec"]
            if method == "shardTopic" and spec.get("partitions") != shards:
                bad.append(f"{topic}: {spec.get('partitions')} partitions, ingest has {shards} shards")
            if method != "shardTopic" and "compact" not in (spec.get("config") or {}).get("cleanup.policy", ""):
                bad.append(f"{topic}: not compacted")
        if len(find(objs, "Cluster", ns=NS)) != 1:
            bad.append("expected one CloudNativePG Cluster")
        if one(objs, "Service", "moto") is None:
            bad.append("no moto Service")
        for svc in AWS_CALLERS:
            endpoint = one(objs, "ConfigMap", svc)["data"].get("ETHERWATCH_AWS_ENDPOINT_OVERRIDE", "")
            if not endpoint.startswith("http://moto."):
                bad.append(f"{svc}: AWS endpoint {endpoint!r} is not the in-cluster moto")
    else:
        for d in service_deployments(objs):
            name = d["metadata"]["name"]
            low = hpas[name]["spec"]["minReplicas"] if name in hpas else d["spec"].get("replicas", 1)
            if low < 2:
                bad.append(f"{name}: fewer than 2 replicas")
        for sa in find(objs, "ServiceAccount"):
            name = sa["metadata"]["name"]
            role = (sa["metadata"].get("annotations") or {}).get("eks.amazonaws.com/role-arn")
            if (name in AWS_CALLERS or name == "host-agent") != bool(role):
                bad.append(f"ServiceAccount {name}: IRSA role {role!r} (only the AWS callers get one)")
        for svc in ("log-ingest-service", "push-service"):
            if "KAFKA_BOOTSTRAP_SERVERS" in one(objs, "ConfigMap", svc)["data"]:
                bad.append(f"{svc}: Kafka bootstrap in the ConfigMap, not from a Secret")
            env = {e["name"]: e for c in containers(one(objs, "Deployment", svc)) for e in c.get("env", [])}
            if "secretKeyRef" not in (env.get("KAFKA_BOOTSTRAP_SERVERS", {}).get("valueFrom") or {}):
                bad.append(f"{svc}: KAFKA_BOOTSTRAP_SERVERS not from a Secret")
    return bad


def check_scaling(objs, overlay):
    bad = []
    for d in service_deployments(objs):
        name = d["metadata"]["name"]
        spread = pod_spec(d).get("topologySpreadConstraints", [])
        if not any(s["topologyKey"] == "topology.kubernetes.io/zone"
                   and selects(s["labelSelector"], d["spec"]["template"]["metadata"]["labels"]) for s in spread):
            bad.append(f"{name}: not spread across zones")
        pdbs = [p for p in find(objs, "PodDisruptionBudget", ns=NS)
                if selects(p["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])]
        if len(pdbs) != 1:
            bad.append(f"{name}: {len(pdbs)} PodDisruptionBudgets")
    if overlay == "aws":
        hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in find(objs, "HorizontalPodAutoscaler", ns=NS)}
        metrics = ROOT / "push-service/src/main/java/io/etherwatch/push/service/PushMetrics.java"
        gauge = re.search(r'Gauge\.builder\("(etherwatch\.push\.connections)"', metrics.read_text(encoding="utf-8"))
        want = {"push-service": {"cpu", gauge.group(1).replace(".", "_") if gauge else "?"}, "web-console": {"cpu"}}
        for name, metrics in want.items():
            got = set()
            for m in (hpas.get(name) or {"spec": {}})["spec"].get("metrics", []):
                got.add(m["resource"]["name"] if m["type"] == "Resource" else m["pods"]["metric"]["name"])
            if got != metrics:
                bad.append(f"{name}: HPA metrics {sorted(got)}, expected {sorted(metrics)}")
    return bad


def check_agent(objs, overlay):
    """The host agent: a DaemonSet in its own namespace that installs its chains, then runs with AWS; its host name is
    the node's (DESIGN section 7)."""
    bad = []
    agents = find(objs, "DaemonSet", "host-agent", AGENT_NS)
    if len(agents) != 1:
        return [f"expected the DaemonSet host-agent in {AGENT_NS}"]
    spec = pod_spec(agents[0])
    commands = [c.get("command", []) + c.get("args", []) for c in spec.get("initContainers", [])]
    if ["etherwatch-agent", "install"] not in commands:
        bad.append("host-agent: no init container runs `etherwatch-agent install`")
    main = spec["containers"][0]
    if main.get("command", []) + main.get("args", []) != ["etherwatch-agent", "run", "--aws"]:
        bad.append("host-agent: the container does not run `etherwatch-agent run --aws`")
    env = {e["name"]: e for e in main.get("env", [])}
    if (env.get("ETHERWATCH_HOST", {}).get("valueFrom") or {}).get("fieldRef", {}).get("fieldPath") != "spec.nodeName":
        bad.append("host-agent: ETHERWATCH_HOST is not the node's name")
    if spec.get("dnsPolicy") != "ClusterFirstWithHostNet":
        bad.append("host-agent: cluster DNS is not used on the host network")
    return bad


CHECKS = {
    "probes": check_probes,
    "resources": check_resources,
    "security": check_security,
    "images": check_images,
    "services": check_services,
    "ingress": check_ingress,
    "network": check_network,
    "references": check_references,
    "config-keys": check_config_keys,
    "overlay": check_overlay,
    "scaling": check_scaling,
    "agent": check_agent,
}


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CHECKS))
        return 0
    if len(argv) != 4 or argv[3] not in CHECKS:
        sys.exit(__doc__)
    bad = CHECKS[argv[3]](load(argv[1]), argv[2])
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
