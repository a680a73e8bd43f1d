#!/usr/bin/env python3
"""One error vocabulary (core/README.md, "Errors"): outside core/jsonrpc/, core/ makes the
JSON-RPC errors it sends only from a jsonrpc::Failure (make_failure, error_object), so the code
and HTTP status of each kind are chosen in one table, jsonrpc/failure.cpp. Reading a peer's code
(`== jsonrpc::code::…`) is fine; making one by hand is not.

Prints each hand-made error as file:line and exits 1.
Usage: failures.py [SOURCE_DIR]   |   failures.py --self-test
"""
import os
import re
import sys

HAND_MADE = [
    (re.compile(r'(?<![\w:])(?:jsonrpc::)?make_error\('), 'make_error with a code picked here'),
    (re.compile(r'\{\s*"code"\s*,\s*(?:jsonrpc::)?code::'), 'an error object with a code picked here'),
]


def scan(root):
    problems = []
    for dirpath, _, files in os.walk(os.path.join(root, 'core')):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir == os.path.join('core', 'jsonrpc'):
            continue
        for name in sorted(files):
            if not name.endswith(('.hpp', '.cpp')):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding='utf-8') as f:
                for number, line in enumerate(f, 1):
                    for pattern, what in HAND_MADE:
                        if pattern.search(line):
                            problems.append(f'{os.path.relpath(path, root)}:{number}: {what}; use jsonrpc::make_failure')
    return problems


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, 'core', 'jsonrpc'))
        os.makedirs(os.path.join(root, 'core', 'gateway'))
        with open(os.path.join(root, 'core', 'jsonrpc', 'failure.cpp'), 'w') as f:
            f.write('Json x = make_error(id, code::server_error, "m");\n')
        with open(os.path.join(root, 'core', 'gateway', 'a.cpp'), 'w') as f:
            f.write('ok(jsonrpc::make_failure(id, jsonrpc::Failure::timed_out, "m"));\n'
                    'if (jsonrpc::member_or(e, "code", 0) == jsonrpc::code::method_not_found) {}\n'
                    'reply(jsonrpc::make_error(id, jsonrpc::code::invalid_params, "m"));\n'
                    'answer({{"error", {{"code", jsonrpc::code::method_not_found}, {"message", "m"}}}});\n'
                    'if (jsonrpc::member_or(e, "code", 0) == jsonrpc::code::server_error) {}\n')
        problems = scan(root)
        assert [p.split(':')[1] for p in problems] == ['3', '4'], problems
    print('failures: self-test passed')
    return 0


def main():
    if sys.argv[1:] == ['--self-test']:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
    problems = scan(root)
    if problems:
        print('\n'.join(problems))
        print(f'failures: {len(problems)} error(s) made by hand')
        return 1
    print('failures: every error core/ sends comes from jsonrpc/failure.cpp\'s table')
    return 0


if __name__ == '__main__':
    sys.exit(main())
