#!/usr/bin/env python3
"""The layering rules of core/, checked on the sources as written (CONTRIBUTING.md, "Layers").

1. core/ never includes the command line: no <CLI/...> (CLI11), no "cli/..." or "commands/...".
2. The include graph between core/ folders (core/transport/sse, core/session, ...) has no cycle.

Prints every violation as file:line and exits 1; exits 0 and prints the folder order otherwise.
Usage: layers.py [SOURCE_DIR]   (default: two folders up from this file)
       layers.py --self-test     (shows on a made-up tree that each rule can fail)
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def folder_of(path):
    """core/transport/sse/server.hpp -> core/transport/sse"""
    return os.path.dirname(path)


def scan(root):
    problems = []
    edges = {}  # folder -> {folder: first "file:line" that makes the edge}
    folders = set()
    for dirpath, _, files in os.walk(os.path.join(root, 'core')):
        for name in sorted(files):
            if not name.endswith(('.hpp', '.cpp', '.cpp.in')):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            here = folder_of(rel)
            folders.add(here)
            with open(full, encoding='utf-8') as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    bracket, target = m.groups()
                    where = f'{rel}:{number}'
                    if bracket == '<' and target.startswith('CLI/'):
                        problems.append(f'{where}: core/ includes CLI11 <{target}>; parse options in commands/')
                    elif target.startswith(('cli/', 'commands/')):
                        problems.append(f'{where}: core/ includes "{target}"; core knows nothing of the CLI')
                    elif bracket == '"' and target.startswith('core/'):
                        there = folder_of(target)
                        if there != here:
                            edges.setdefault(here, {}).setdefault(there, where)
    return problems, edges, folders


def find_cycle(edges, folders):
    """One cycle as a list of folders (first == last), or None. Iterative DFS, sorted for stable output."""
    state = {}  # folder -> 1 visiting, 2 done
    for start in sorted(folders):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges.get(start, {}))))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(child) == 1:
                return path[path.index(child):] + [child]
            if not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(edges.get(child, {})))))
    return None


def layer_order(edges, folders):
    """Folders from the bottom layer up (each after everything it includes)."""
    order, done = [], set()

    def visit(f):
        if f in done:
            return
        done.add(f)
        for g in sorted(edges.get(f, {})):
            visit(g)
        order.append(f)

    for f in sorted(folders):
        visit(f)
    return order


def layer_numbers(edges, order):
    """Each folder's layer: 0 when it includes no other folder, else one above its highest include."""
    level = {}
    for f in order:
        level[f] = max((level[g] + 1 for g in edges.get(f, {})), default=0)
    return level


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        files = {
            'core/a/x.hpp': '#include "core/b/y.hpp"\n',
            'core/b/y.hpp': '#include <CLI/CLI.hpp>\n#include "core/c/z.hpp"\n',
            'core/c/z.cpp': '#include "core/a/x.hpp"\n#include "commands/serve.hpp"\n',
            'core/d/ok.hpp': '#include "core/a/x.hpp"\n',
        }
        for rel, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(root, rel), 'w', encoding='utf-8') as f:
                f.write(text)
        problems, edges, folders = scan(root)
        assert any(p.startswith('core/b/y.hpp:1: core/ includes CLI11') for p in problems), problems
        assert any(p.startswith('core/c/z.cpp:2: core/ includes "commands/') for p in problems), problems
        cycle = find_cycle(edges, folders)
        assert cycle == ['core/a', 'core/b', 'core/c', 'core/a'], cycle
        del edges['core/c']
        assert find_cycle(edges, folders) is None
        order = layer_order(edges, folders)
        assert order.index('core/c') < order.index('core/b') < order.index('core/a') < order.index('core/d'), order
        assert layer_numbers(edges, order) == {'core/c': 0, 'core/b': 1, 'core/a': 2, 'core/d': 3}
    print('layers: self-test passed')
    return 0


def main():
    if sys.argv[1:] == ['--self-test']:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
    problems, edges, folders = scan(root)
    cycle = find_cycle(edges, folders)
    if cycle:
        steps = [f'  {a} -> {b}  ({edges[a][b]})' for a, b in zip(cycle, cycle[1:])]
        problems.append('include cycle between core/ folders:\n' + '\n'.join(steps))
    if problems:
        print('\n'.join(problems))
        print(f'layers: {len(problems)} problem(s)')
        return 1
    order = layer_order(edges, folders)
    level = layer_numbers(edges, order)
    print('layers: no problem; core/ folders by layer (core/README.md):')
    for n in sorted(set(level.values())):
        print(f'  {n}: ' + ', '.join(sorted(f for f in order if level[f] == n)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
