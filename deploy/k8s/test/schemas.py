#!/usr/bin/env python3
"""Builds the JSON schemas kubeconform validates the rendered manifests against, offline.

  schemas.py core WHEEL VERSION OUT   Kubernetes' own kinds from PyPI's kubernetes-validate wheel (its strict
                                      schemas of VERSION, e.g. 1.32.0): `$id` removed and `$ref`s made relative,
                                      which kubeconform needs to resolve them from files; OUT/<kind>-<group>-<v>.json
  schemas.py crd CRD... OUT           CustomResourceDefinitions (YAML or JSON files, several documents each): one
                                      strict schema per served version, OUT/<group>/<kind>_<version>.json, objects
                                      closed (additionalProperties: false) unless the CRD preserves unknown fields
"""

import json
import os
import sys
import zipfile

import yaml


def rel_refs(node):
    """Drops `$id` and turns `/api/_definitions.json#…` into `_definitions.json#…`, recursively."""
    if isinstance(node, dict):
        node.pop("$id", None)
        for key, value in list(node.items()):
            if key == "$ref" and isinstance(value, str) and value.startswith("/api/"):
                node[key] = value[len("/api/"):]
            else:
                rel_refs(value)
    elif isinstance(node, list):
        for item in node:
            rel_refs(item)


def core(wheel, version, out):
    prefix = f"kubernetes_validate/kubernetes-json-schema/v{version}-local-strict/"
    os.makedirs(out, exist_ok=True)
    count = 0
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if not name.startswith(prefix) or not name.endswith(".json"):
                continue
            schema = json.loads(archive.read(name))
            rel_refs(schema)
            with open(os.path.join(out, name[len(prefix):]), "w", encoding="utf-8") as f:
                json.dump(schema, f)
            count += 1
    if count == 0:
        sys.exit(f"schemas.py: no schemas of v{version} in {wheel}")
    print(f"core: {count} schemas of Kubernetes v{version}")


def strict(node):
    """OpenAPI v3 as Kubernetes reads it -> JSON Schema as kubeconform -strict should: closed objects, int-or-string,
    nullable."""
    if isinstance(node, list):
        return [strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: strict(value) for key, value in node.items()}
    if node.pop("x-kubernetes-int-or-string", False):
        node.pop("type", None)
        node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.pop("nullable", False) and isinstance(node.get("type"), str):
        node["type"] = [node["type"], "null"]
    preserve = node.pop("x-kubernetes-preserve-unknown-fields", False)
    if "properties" in node and not preserve and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for key in [k for k in node if k.startswith("x-kubernetes-")]:
        del node[key]
    return node


def crd(files, out):
    count = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            documents = list(yaml.safe_load_all(f))
        for document in documents:
            if not document or document.get("kind") != "CustomResourceDefinition":
                continue
            spec = document["spec"]
            kind = spec["names"]["kind"].lower()
            for version in spec["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                props = schema.setdefault("properties", {})
                # Every object names its kind and version; metadata is Kubernetes' own (checked by the API server).
                props["apiVersion"] = {"type": "string", "enum": [f"{spec['group']}/{version['name']}"]}
                props["kind"] = {"type": "string", "enum": [spec["names"]["kind"]]}
                props["metadata"] = {"type": "object"}
                directory = os.path.join(out, spec["group"])
                os.makedirs(directory, exist_ok=True)
                with open(os.path.join(directory, f"{kind}_{version['name']}.json"), "w", encoding="utf-8") as f:
                    json.dump(schema, f)
                count += 1
    print(f"crd: {count} schemas from {len(files)} files")


def main(argv):
    if len(argv) >= 5 and argv[1] == "core":
        core(argv[2], argv[3], argv[4])
    elif len(argv) >= 4 and argv[1] == "crd":
        crd(argv[2:-1], argv[-1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
