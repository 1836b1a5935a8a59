#!/usr/bin/env python3
"""Reference signer for thumbd URLs, independent of the Java code (docs/SIGNING.md).

    sign.py PATH CANONICAL_QUERY SECRET [--kid K] [--exp UNIX_SECONDS]

prints the query to append to PATH. CANONICAL_QUERY must already be canonical (docs/SPEC.md#canonical-form); the
server canonicalises what it receives before checking, so sign the canonical form of what you send.
With --vectors it regenerates signing-vectors.json from the inputs in that file (used to make the published vectors).
"""
import base64
import hashlib
import hmac
import json
import sys


def signed_string(path, canonical_query, exp=None, kid=None):
    pairs = canonical_query.split("&")
    if exp is not None:
        pairs.append("exp=%d" % exp)
    if kid is not None:
        pairs.append("kid=" + kid)
    pairs.sort(key=lambda p: p.split("=", 1)[0].encode("ascii"))
    return path + "?" + "&".join(pairs)


def signature(secret, message):
    mac = hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def signed_query(path, canonical_query, secret, kid=None, exp=None):
    sig = signature(secret, signed_string(path, canonical_query, exp, kid))
    q = canonical_query
    if exp is not None:
        q += "&exp=%d" % exp
    if kid is not None:
        q += "&kid=" + kid
    return q + "&sig=" + sig


def regenerate(path):
    with open(path) as f:
        doc = json.load(f)
    for v in doc["vectors"]:
        secret = doc["keys"][v["signWith"]]
        v["signedString"] = signed_string(v["path"], v["canonicalQuery"], v.get("exp"), v.get("kid"))
        v["sig"] = signature(secret, v["signedString"])
        v["signedQuery"] = signed_query(v["path"], v["canonicalQuery"], secret, v.get("kid"), v.get("exp"))
    with open(path, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--vectors"]:
        regenerate(args[1])
        sys.exit(0)
    if len(args) < 3:
        sys.exit(__doc__)
    kid = exp = None
    rest = args[3:]
    while rest:
        if rest[0] == "--kid":
            kid = rest[1]
        elif rest[0] == "--exp":
            exp = int(rest[1])
        else:
            sys.exit("unknown option " + rest[0])
        rest = rest[2:]
    print(signed_query(args[0], args[1], args[2], kid, exp))
