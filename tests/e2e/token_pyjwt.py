#!/usr/bin/env python3
"""PyJWT on the other side of `mcpgw token`, for token.test.mjs.

  token_pyjwt.py encode ALG KEY_FILE CLAIMS_JSON [HEADER_JSON]   prints a token
  token_pyjwt.py decode ALG KEY_FILE TOKEN                       prints the verified claims
  token_pyjwt.py keypair ALG PRIVATE_PEM PUBLIC_PEM              writes a key pair in the
                                                                 traditional PEM formats

KEY_FILE holds an HMAC secret (HS*) or a PEM key; "-" means no key (alg none). decode checks
what a ContextForge gateway checks: signature, exp, iss, aud, and that sub, jti, iat exist.
"""
import json
import sys

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa


def key(alg, path):
    if path == "-":
        return None
    with open(path, "rb") as f:
        data = f.read()
    return data.rstrip(b"\r\n") if alg.startswith("HS") else data


def encode(alg, key_file, claims, header=None):
    headers = json.loads(header) if header else None
    print(jwt.encode(json.loads(claims), key(alg, key_file), algorithm=alg, headers=headers))


def decode(alg, key_file, token):
    claims = jwt.decode(
        token,
        key(alg, key_file),
        algorithms=[alg],
        audience="mcpgateway-api",
        issuer="mcpgateway",
        options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]},
    )
    print(json.dumps(claims))


def keypair(alg, private_path, public_path):
    if alg.startswith("RS"):
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        private = ec.generate_private_key(ec.SECP256R1() if alg == "ES256" else ec.SECP384R1())
    with open(private_path, "wb") as f:
        f.write(private.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    with open(public_path, "wb") as f:
        f.write(private.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    try:
        {"encode": encode, "decode": decode, "keypair": keypair}[command](*args)
    except jwt.PyJWTError as e:
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
