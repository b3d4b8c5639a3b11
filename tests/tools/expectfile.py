#!/usr/bin/env python3
"""Test files that carry their expectations: read, write, extract.

A test file is its input, one separating newline, then sections:

    <input, byte for byte>
                                      <- the separating newline
    //==== expect stdout ====         <- a marker names the section
    // first expected line            <- "// " + the line
    //                                <- an empty line
    //\\ no newline at end            <- only if the last line has no "\\n"

Markers and the no-newline line have no space after "//", expectation lines
always do (or are "//"): no expected output can be mistaken for a marker.
Everything after the first marker is markers and expectation lines; any
other line there is an error, so a stray edit cannot be silently ignored.
The input keeps its line numbers because the sections come last.
tests/README.md documents the format for people; this file is the
definition the runner and tests/tools/embed_expectations.py share.

Command line (for shell scripts such as tests/valgrind.sh):
    expectfile.py input FILE          print FILE's input part
    expectfile.py section FILE NAME   print the expectation NAME
"""
import re
import sys

MARKER = re.compile(rb"^//==== expect (\S+) ====$")
NO_NEWLINE = b"//\\ no newline at end"


class FormatError(Exception):
    pass


class TestFile:
    """input: bytes; sections: {name: (bytes, line of its marker)} in file order."""

    def __init__(self, path, input_bytes, sections):
        self.path = path
        self.input = input_bytes
        self.sections = sections

    def expected(self, name):
        return self.sections[name][0] if name in self.sections else None

    def line_of(self, name):
        return self.sections[name][1]


def _lines(data):
    """data split into lines that keep their "\\n" (the last may lack one)."""
    parts = data.split(b"\n")
    return [p + b"\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def parse(path, data=None):
    if data is None:
        with open(path, "rb") as f:
            data = f.read()
    lines = _lines(data)
    first = next((i for i, l in enumerate(lines) if MARKER.match(l.rstrip(b"\n"))), None)
    if first is None:
        return TestFile(path, data, {})
    if first == 0:   # lines before the marker all end with "\n": that is the separator
        raise FormatError(f"{path}:{first + 1}: the first '//==== expect' marker must follow "
                          "the input and one separating newline")
    # the separating newline is the last byte before the marker
    input_bytes = b"".join(lines[:first])[:-1]
    sections = {}
    name = None
    body = []
    ended = False

    def close():
        if name is not None:
            sections[name] = (b"".join(body), sections[name][1])

    for i in range(first, len(lines)):
        raw = lines[i]
        if not raw.endswith(b"\n"):
            raise FormatError(f"{path}:{i + 1}: the file must end with a newline")
        line = raw[:-1]
        m = MARKER.match(line)
        if m:
            close()
            name = m.group(1).decode()
            if name in sections:
                raise FormatError(f"{path}:{i + 1}: section '{name}' appears twice")
            sections[name] = (b"", i + 1)
            body = []
            ended = False
        elif ended:
            raise FormatError(f"{path}:{i + 1}: nothing may follow '{NO_NEWLINE.decode()}' "
                              "but the next marker")
        elif line == NO_NEWLINE:
            if not body:
                raise FormatError(f"{path}:{i + 1}: '{NO_NEWLINE.decode()}' needs a line before it")
            body[-1] = body[-1][:-1]
            ended = True
        elif line == b"//":
            body.append(b"\n")
        elif line.startswith(b"// "):
            body.append(line[3:] + b"\n")
        else:
            raise FormatError(f"{path}:{i + 1}: in an expectation section every line is "
                              "'//' or '// TEXT' (or a '//==== expect NAME ====' marker)")
    close()
    return TestFile(path, input_bytes, sections)


def render_section(name, expected):
    out = [b"//==== expect " + name.encode() + b" ====\n"]
    for line in _lines(expected):
        text = line[:-1] if line.endswith(b"\n") else line
        out.append(b"//\n" if text == b"" else b"// " + text + b"\n")
    if expected and not expected.endswith(b"\n"):
        out.append(NO_NEWLINE + b"\n")
    return b"".join(out)


def render(input_bytes, sections):
    """sections: [(name, expected bytes)] in the order they are written."""
    return input_bytes + b"\n" + b"".join(render_section(n, e) for n, e in sections)


def write(path, input_bytes, sections):
    data = render(input_bytes, sections)
    with open(path, "rb") as f:
        if f.read() == data:
            return False
    with open(path, "wb") as f:
        f.write(data)
    return True


def main(argv):
    if len(argv) == 3 and argv[1] == "input":
        sys.stdout.buffer.write(parse(argv[2]).input)
        return 0
    if len(argv) == 4 and argv[1] == "section":
        t = parse(argv[2])
        if argv[3] not in t.sections:
            print(f"{argv[2]}: no '{argv[3]}' section", file=sys.stderr)
            return 1
        sys.stdout.buffer.write(t.expected(argv[3]))
        return 0
    print("usage: expectfile.py input FILE | expectfile.py section FILE NAME", file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except FormatError as e:
        print(e, file=sys.stderr)
        sys.exit(1)
