"""Schemathesis hooks for Etherwatch's fuzz runs, loaded through SCHEMATHESIS_HOOKS by
io.etherwatch.testsupport.Schemathesis.

error_body_shape: every 4xx carries the error body every route documents, a JSON object with the
strings "error" and "message" (docs/decisions.md, "Every service: no 5xx for any input").

The fuzzer holds an admin token and may create, change and delete users. Accounts the rest of the
test run depends on (the first-start admin, the fuzzer's own user) are named, comma-separated, in
ETHERWATCH_FUZZ_PROTECTED_USERNAMES; any path parameter or JSON body field named "username" that
would reach one of them (compared after NFKC, trimming and case folding, as usernames are unique
"in any case") is replaced by a stand-in just before the request is sent, in every phase.
"""

import json
import os
import unicodedata

import schemathesis

STAND_IN = "fuzz-stand-in"


def _key(value):
    return unicodedata.normalize("NFKC", value).strip().casefold()


PROTECTED = {
    _key(name)
    for name in os.environ.get("ETHERWATCH_FUZZ_PROTECTED_USERNAMES", "").split(",")
    if name.strip()
}


def _guard(fields):
    if isinstance(fields, dict):
        for name, value in list(fields.items()):
            if name == "username" and isinstance(value, str) and _key(value) in PROTECTED:
                fields[name] = STAND_IN


@schemathesis.hook
def before_call(context, case, kwargs):
    if PROTECTED:
        _guard(case.path_parameters)
        _guard(case.body)


@schemathesis.check
def error_body_shape(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content or b"")
    except ValueError:
        body = None
    if not (
        isinstance(body, dict)
        and isinstance(body.get("error"), str)
        and isinstance(body.get("message"), str)
    ):
        raise AssertionError(
            f'{response.status_code} without the {{"error","message"}} body: {response.content[:300]!r}'
        )
    return None
