#!/usr/bin/python3
"""Checks recorded HTTP responses against the OpenAPI 3.1 description of the motcua API.

Usage: validate_openapi.py SPEC SAMPLES

SPEC is src/http/api/openapi.json. SAMPLES is a JSON Lines file written by
tests/integration/openapi_test.cpp, one real response per line:

  {"method": "GET", "path": "/api/dossiers/{code}", "target": "/api/dossiers/…",
   "status": 200, "content_type": "application/json", "headers": {"etag": "\\"3\\""},
   "body": "…"}

`path` is the route's path template as the spec writes it. A response given before any route
was chosen (unknown path, wrong method, malformed URL) names instead the reusable response it
must match: {"response": "MethodNotAllowed", …} for #/components/responses/MethodNotAllowed.

For each sample: the operation must document the status by its number (`default` stands only
for 431 and 5xx, which any route may give), the content type must be one the response lists (or
none for an empty body), a JSON body must validate against the schema (JSON Schema 2020-12,
`#/components/…` references resolved in the spec), a problem's `status` must be the HTTP status,
and every header the response marks required must be present. The spec itself is checked
first: every reference resolves, every schema is a valid 2020-12 schema, path parameters match
the templates, operation ids are unique. Every mismatch is printed; the exit status is 0 only
when there is none.

Needs the Debian package python3-jsonschema (Draft202012Validator).
"""

import json
import re
import sys

from jsonschema import Draft202012Validator, RefResolver
from jsonschema.exceptions import RefResolutionError

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Checker:
    def __init__(self, spec):
        self.spec = spec
        self.resolver = RefResolver.from_schema(spec)
        self.errors = []

    def fail(self, where, message):
        self.errors.append(f"{where}: {message}")

    def resolve(self, node):
        """Follows a Reference Object ($ref) to what it names."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 10:
            _, node = self.resolver.resolve(node["$ref"])
            seen += 1
        return node

    # ---- The spec itself -------------------------------------------------------------------

    def check_spec(self):
        spec = self.spec
        if spec.get("openapi") != "3.1.0":
            self.fail("spec", "openapi must be 3.1.0")
        self._check_refs(spec, "#")
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            try:
                Draft202012Validator.check_schema(schema)
            except Exception as e:  # SchemaError
                self.fail(f"spec #/components/schemas/{name}", str(e).splitlines()[0])
        ids = set()
        for path, item in spec.get("paths", {}).items():
            template_params = set(re.findall(r"{([^}]+)}", path))
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                where = f"spec {method.upper()} {path}"
                op_id = op.get("operationId")
                if not op_id:
                    self.fail(where, "no operationId")
                elif op_id in ids:
                    self.fail(where, f"operationId {op_id} used twice")
                ids.add(op_id)
                declared = set()
                for p in op.get("parameters", []) + item.get("parameters", []):
                    p = self.resolve(p)
                    if p.get("in") == "path":
                        declared.add(p.get("name"))
                        if not p.get("required"):
                            self.fail(where, f"path parameter {p.get('name')} not required")
                if declared != template_params:
                    self.fail(where, f"path parameters {sorted(declared)} differ from the "
                                     f"template's {sorted(template_params)}")
                if "responses" not in op or not op["responses"]:
                    self.fail(where, "no responses")
                if "default" not in op.get("responses", {}):
                    self.fail(where, "no default response")

    def _check_refs(self, node, where):
        if isinstance(node, dict):
            if "$ref" in node and isinstance(node["$ref"], str):
                try:
                    self.resolver.resolve(node["$ref"])
                except RefResolutionError as e:
                    self.fail(f"spec {where}", f"unresolved $ref {node['$ref']}: {e}")
            for key, value in node.items():
                self._check_refs(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self._check_refs(value, f"{where}/{index}")

    # ---- Samples ---------------------------------------------------------------------------

    def check_sample(self, number, sample, covered):
        status = sample["status"]
        if "response" in sample:
            where = (f"sample {number} {sample.get('method', '?')} {sample.get('target', '?')} "
                     f"→ {status} (#/components/responses/{sample['response']})")
            response = self.spec.get("components", {}).get("responses", {}).get(
                sample["response"])
            if response is None:
                self.fail(where, "no such reusable response")
                return
        else:
            method = sample["method"].lower()
            path = sample["path"]
            where = f"sample {number} {sample['method']} {path} ({sample.get('target', '')}) → {status}"
            item = self.spec.get("paths", {}).get(path)
            if item is None or method not in item:
                self.fail(where, "operation not in the spec")
                return
            responses = item[method].get("responses", {})
            response = responses.get(str(status))
            if response is None:
                response = responses.get(f"{str(status)[0]}XX")
            if response is None:
                # `default` stands for the answers any route may give (431, 5xx); a success or
                # a client error the route gives must be listed by its own number.
                response = responses.get("default")
                if response is not None and status < 500 and status != 431:
                    self.fail(where, "status not documented (only default)")
                    return
            if response is None:
                self.fail(where, "status not documented")
                return
            covered.add((method.upper(), path))
        response = self.resolve(response)
        self._check_headers(where, response, sample.get("headers", {}))
        content = response.get("content", {})
        body = sample.get("body", "")
        media = sample.get("content_type", "").split(";")[0].strip().lower()
        if not content:
            if body:
                self.fail(where, f"response documents no body but got {len(body)} bytes "
                                 f"of {media}")
            return
        if media not in content:
            self.fail(where, f"content type {media!r} not documented (have "
                             f"{', '.join(sorted(content))})")
            return
        schema = content[media].get("schema")
        if not (media == "application/json" or media.endswith("+json")):
            if not body:
                self.fail(where, f"empty {media} body")
            return
        try:
            value = json.loads(body)
        except ValueError as e:
            self.fail(where, f"body is not JSON: {e}")
            return
        if schema is not None:
            validator = Draft202012Validator(schema, resolver=self.resolver)
            for error in sorted(validator.iter_errors(value), key=lambda e: list(e.path)):
                location = "/".join(str(p) for p in error.absolute_path) or "(root)"
                self.fail(where, f"body at {location}: {error.message[:300]}")
        if media == "application/problem+json" and isinstance(value, dict):
            if value.get("status") != status:
                self.fail(where, f"problem status {value.get('status')} is not the HTTP "
                                 f"status")

    def _check_headers(self, where, response, headers):
        present = {k.lower() for k in headers}
        for name, header in response.get("headers", {}).items():
            header = self.resolve(header)
            if header.get("required") and name.lower() not in present:
                self.fail(where, f"required header {name} missing")


def main(argv):
    if len(argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    checker = Checker(spec)
    checker.check_spec()
    covered = set()
    count = 0
    with open(argv[2], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            count += 1
            checker.check_sample(number, json.loads(line), covered)
    operations = [(m.upper(), p) for p, item in spec.get("paths", {}).items()
                  for m in METHODS if m in item]
    missing = [f"{m} {p}" for m, p in operations if (m, p) not in covered]
    for error in checker.errors:
        print(error)
    print(f"{count} samples, {len(covered)} of {len(operations)} operations exercised, "
          f"{len(checker.errors)} mismatches")
    if missing:
        print("not exercised: " + "; ".join(missing))
    return 1 if checker.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
