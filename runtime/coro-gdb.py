# coro-gdb.py -- gdb support for programs written with corogen.
#
# Loaded automatically for programs linked with libcoro (runtime/coro.c
# embeds it in a .debug_gdb_scripts section; gdb asks for one line of
# trust, see docs/DEBUGGING.md), or by hand: `source coro-gdb.py`.
#
#   info locals, info args, bt full   a coroutine's parameters and locals
#                                     under their source names
#   co locals                         the same, for the selected coroutine
#   co print EXPR                     print, with those names
#   co bt                             its `yield from` chain, outermost first
#   co tasks [full] [LOOP]            every task of the loop(s): state, what
#                                     it waits on, its chain; memory reads
#                                     only, so it works on a core file
#   print g / t / fut                 co_gen *, co_task *, co_future * say
#                                     what they are
#   next, step, finish                leaving a coroutine through a
#                                     suspension stops where it resumes,
#                                     not in the runtime's sources
#
# It reads what corogen emits for each coroutine NAME: `struct NAME__frame`
# and the string NAME__debug (gen/debuginfo.c describes its records).
# Written for gdb >= 10 with Python 3; the standard library only.

import re

import gdb
from gdb.FrameDecorator import FrameDecorator

RESUME = "__resume"
CO_DONE = -1
MAX_CHAIN = 100000          # a corrupt chain must not hang the debugger
TASK_STEP_QUEUED = 1 << 1   # CO__TASK_STEP_QUEUED, co_internal.h
TASK_RUNNING = 1 << 2       # CO__TASK_RUNNING
TASK_WAITING = 1 << 5       # CO__TASK_WAITING: head.value is the future it waits on
CO_HEAP = 1                 # co_gen.up: a heap frame, a co__head before it
FUTURE_STATES = {0: "pending", 1: "done", 2: "failed", 3: "cancelled"}
# The runtime's own code: stepping never stops there.
RUNTIME_FILES = re.compile(r"(^|/)runtime/(coro|future|gather|loop|loop_select|loop_epoll|run|queue|ring|task|debug)\.c$"
                           r"|(^|/)(coro|co_async|co_internal)\.h$|(^|/)runtime/net\.co$")


# ------------------------------------------------------------ the tables

class CoClass:
    """What corogen tells about one coroutine: frame type and variables."""

    def __init__(self, name, frame_type, table):
        self.name = name
        self.frame_type = frame_type
        self.fvar, self.gvar = "f", "co"
        self.hidden = set()     # other generated C locals of the resume function
        self.vars = []          # (kind, source name, field, first line, last line)
        for rec in table.splitlines():
            w = rec.split()
            if len(w) >= 4 and w[0] == "corogen-debug":
                self.fvar, self.gvar = w[2], w[3]
                self.hidden = set(w[4:])
            elif len(w) == 5 and w[0] in ("p", "l"):
                self.vars.append((w[0], w[1], w[2], int(w[3]), int(w[4])))

    def in_scope(self, line, kind):
        """Variables of `kind` visible at `line`; the innermost of equal names."""
        best = {}
        for k, name, field, first, last in self.vars:
            if k != kind:
                continue
            if line is not None and kind == "l" and not first <= line <= last:
                continue
            old = best.get(name)
            if old is None or first >= old[1]:
                best[name] = (field, first)
        order = [v[1] for v in self.vars if v[1] in best]
        seen, out = set(), []
        for name in order:
            if name not in seen:
                seen.add(name)
                out.append((name, best[name][0], best[name][1]))
        return out


_classes = {}


def _static_symbols(name):
    try:
        return list(gdb.lookup_static_symbols(name))
    except AttributeError:      # gdb < 10
        s = gdb.lookup_static_symbol(name)
        return [s] if s else []


def coclass(name, file=None, block=None):
    """The CoClass of coroutine `name`, or None without corogen's tables."""
    key = (name, file)
    if key in _classes:
        return _classes[key]
    sym = None
    if block is not None:
        sym = gdb.lookup_symbol(name + "__debug", block)[0]
    if sym is None:
        syms = _static_symbols(name + "__debug")
        for s in syms:
            if file and s.symtab and (s.symtab.filename == file
                                      or s.symtab.filename.endswith("/" + file)):
                sym = s
                break
        if sym is None and syms:
            sym = syms[0]
    cls = None
    if sym is not None:
        try:
            table = sym.value().string()
            st = sym.symtab.static_block() if sym.symtab else None
            try:
                ftype = gdb.lookup_type("struct %s__frame" % name, st)
            except (gdb.error, TypeError):
                ftype = gdb.lookup_type("struct %s__frame" % name)
            cls = CoClass(name, ftype, table)
        except (gdb.error, gdb.MemoryError):
            cls = None
    _classes[key] = cls
    return cls


gdb.events.new_objfile.connect(lambda ev: _classes.clear())


# ------------------------------------------------------ frames in memory

def _addr(v):
    try:
        return int(v)
    except gdb.error:
        return int(v.cast(gdb.lookup_type("unsigned long")))


class Gen:
    """A coroutine frame in memory, from its co_gen * (reads only)."""

    def __init__(self, ptr):
        self.ptr = ptr.cast(gdb.lookup_type("co_gen").pointer())
        self.addr = _addr(self.ptr)
        g = self.ptr.dereference()
        cls = g["cls"].dereference()
        self.name = cls["name"].string()
        self.file = cls["file"].string()
        self.state = int(g["state"])
        self.up = int(g["up"])
        self.nstates = int(cls["nstates"])
        self.lines = cls["lines"]
        self.cls = coclass(self.name, self.file)

    def line(self):
        """The .co line it is suspended at (None if finished)."""
        if 0 <= self.state < self.nstates and _addr(self.lines) != 0:
            return int(self.lines[self.state])
        return None

    def where(self):
        if self.state == CO_DONE:
            return "%s (finished)" % self.name
        line = self.line()
        if line is None:
            return "%s (state %d) %s" % (self.name, self.state, self.file)
        return "%s %s %s:%d" % (self.name, "(not started)" if self.state == 0 else "at",
                                self.file, line)

    def frame(self):
        if self.cls is None:
            return None
        return self.ptr.cast(self.cls.frame_type.pointer()).dereference()

    def variables(self, kind, line=None):
        """[(source name, value)] of parameters ('p') or locals ('l')."""
        fr = self.frame()
        if fr is None:
            return []
        if line is None:
            line = self.line()
        return [(name, fr[field]) for name, field, _ in self.cls.in_scope(line, kind)]

    def head(self):
        """The co__head before a heap frame (None for an embedded one)."""
        if not self.up & CO_HEAP:
            return None
        return (self.ptr.cast(gdb.lookup_type("co__head").pointer()) - 1).dereference()

    def leaf(self):
        """Of a root: the innermost frame of its delegation chain."""
        h = self.head()
        return h["link"] if h is not None else self.ptr

    def link(self):
        """The frame that delegated to this one: a heap frame's head links
        it; an embedded frame lies (up >> 3) bytes into its parent's."""
        h = self.head()
        if h is not None:
            return h["link"]
        back = self.up >> 3
        addr = self.addr - back if back else 0
        return gdb.Value(addr).cast(gdb.lookup_type("co_gen").pointer())

    def delegate(self):
        """The frame this one waits on in `yield from` (a co_gen *), or None:
        its `child` (a heap frame), else its `sub` (the embedded frames share
        the union's start)."""
        fr = self.frame()
        if fr is None or self.state in (0, CO_DONE):
            return None
        names = [f.name for f in fr.type.strip_typedefs().fields()]
        co_gen_p = gdb.lookup_type("co_gen").pointer()
        for c in ([fr["child"]] if "child" in names else []) + \
                 ([fr["sub"].address.cast(co_gen_p)] if "sub" in names else []):
            try:   # started (linked back to us), or made and not yet started
                k = Gen(c) if _addr(c) else None
                if k is not None and k.state != CO_DONE and \
                        (k.state == 0 or _addr(k.link()) == self.addr):
                    return c.cast(co_gen_p)
            except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
                pass
        return None

    def delegates_to(self, child_addr):
        """Is `child_addr` the frame this one is waiting on in `yield from`?"""
        fr = self.frame()
        if fr is None or self.state in (0, CO_DONE):
            return False
        names = [f.name for f in fr.type.strip_typedefs().fields()]
        if "child" in names and _addr(fr["child"]) == child_addr:
            return True
        if "sub" in names:
            sub = fr["sub"]
            start = _addr(sub.address)
            return start <= child_addr < start + sub.type.sizeof
        return False


def chain_from_root(root):
    """Frames of a task's coroutine, outermost (the root) first. A suspended
    root's leaf is its innermost frame and parents lead back to the root;
    while the task runs the leaf is stale, so then the chain comes from the
    coroutine running on the stack. (chain, gdb frame running the innermost
    or None)."""
    rootaddr = _addr(root)
    c, out, seen = Gen(Gen(root).leaf()), [], set()
    for _ in range(MAX_CHAIN):
        if c.addr in seen:
            break
        seen.add(c.addr)
        out.append(c)
        if c.addr == rootaddr:
            out.reverse()
            return out, None
        up = c.link()
        try:
            p = Gen(up) if _addr(up) else None
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            p = None
        if p is None or not p.delegates_to(c.addr):
            break
        c = p
    try:
        f = gdb.newest_frame()
    except gdb.error:
        f = None
    while f is not None:
        g = running_gen(f) if coroutine_name(f) else None
        if g is not None:
            chain = chain_up(g)
            if chain[0].addr == rootaddr:
                return chain, f
        f = f.older()
    return [Gen(root)], None


def chain_up(gen):
    """From a running frame up through the frames delegating to it,
    outermost first: the parent slot of a delegate points at a frame that
    holds it in `sub` or `child`; a root's slot points elsewhere."""
    out = [gen]
    c = gen
    for _ in range(MAX_CHAIN):
        up = c.link()
        if _addr(up) == 0 or _addr(up) == c.addr:
            break
        try:
            p = Gen(up)
        except (gdb.error, gdb.MemoryError):
            break
        if not p.delegates_to(c.addr):
            break
        out.append(p)
        c = p
    out.reverse()
    return out


# -------------------------------------------------- running coroutines

def coroutine_name(frame):
    """'inner' for a frame of inner__resume, else None."""
    fn = frame.name()
    if fn and fn.endswith(RESUME) and len(fn) > len(RESUME):
        return fn[:-len(RESUME)]
    return None


def running_gen(frame):
    """The Gen a resume function's frame is running, or None."""
    name = coroutine_name(frame)
    if name is None:
        return None
    try:
        block = frame.block()
    except RuntimeError:
        block = None
    cls = coclass(name, None, block)
    if cls is None:
        return None
    for var in (cls.gvar, cls.fvar):   # the parameter is right from the entry on
        try:
            v = frame.read_var(var)
            if not v.is_optimized_out:
                return Gen(v)
        except (ValueError, gdb.error, gdb.MemoryError):
            continue
    return None


def frame_line(frame):
    sal = frame.find_sal()
    return sal.line if sal and sal.line else None


def dwarf_locals(frame, hide):
    """The C locals gdb knows for the frame, innermost block first."""
    out = []
    try:
        block = frame.block()
    except RuntimeError:
        return out
    seen = set()
    while block is not None:
        for sym in block:
            if not sym.is_variable or sym.is_argument or sym.name in seen or sym.name in hide:
                continue
            seen.add(sym.name)
            try:
                out.append((sym.name, sym.value(frame), sym.line))
            except (gdb.error, gdb.MemoryError, TypeError):
                continue
        if block.function is not None:
            break
        block = block.superblock
    return out


def frame_variables(frame, kind):
    """Source-named (name, value) of a coroutine frame: parameters ('p') or
    locals ('l': frame fields in scope, then the C locals, the innermost of
    a name winning). None if the frame is not a coroutine's."""
    gen = running_gen(frame)
    if gen is None or gen.cls is None:
        return None
    line = frame_line(frame)
    if kind == "p":
        return gen.variables("p")
    fr = gen.frame()
    ours = [(n, fr[field], first) for n, field, first in gen.cls.in_scope(line, "l")]
    theirs = dwarf_locals(frame, {gen.cls.fvar, gen.cls.gvar} | gen.cls.hidden)
    merged = {}
    for name, val, first in ours + theirs:
        if name not in merged or (first or 0) >= (merged[name][1] or 0):
            merged[name] = (val, first)
    names = [n for n, _, _ in theirs] + [n for n, _, _ in ours]
    out, seen = [], set()
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append((n, merged[n][0]))
    return out


# -------------------------------------------------- frame filter (bt full)

class _Var:
    def __init__(self, name, value):
        self._name, self._value = name, value

    def symbol(self):
        return self._name

    def value(self):
        return self._value


class CoroutineFrame(FrameDecorator):
    """A resume function's frame, shown as the coroutine it runs."""

    def __init__(self, fobj):
        super().__init__(fobj)
        self._frame = fobj.inferior_frame()

    def function(self):
        return coroutine_name(self._frame) or super().function()

    def frame_args(self):
        v = frame_variables(self._frame, "p")
        return super().frame_args() if v is None else [_Var(n, x) for n, x in v]

    def frame_locals(self):
        v = frame_variables(self._frame, "l")
        return super().frame_locals() if v is None else [_Var(n, x) for n, x in v]


class CoroutineFrameFilter:
    def __init__(self):
        self.name = "corogen"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        for fobj in frames:
            if coroutine_name(fobj.inferior_frame()):
                yield CoroutineFrame(fobj)
            else:
                yield fobj


CoroutineFrameFilter()


# -------------------------------------------- info locals / info args

def _print_vars(pairs, empty):
    if not pairs:
        print(empty)
    for name, val in pairs:
        try:
            text = val.format_string()
        except (gdb.error, gdb.MemoryError) as e:
            text = "<error: %s>" % e
        print("%s = %s" % (name, text))


def _selected():
    try:
        return gdb.selected_frame()
    except gdb.error:
        raise gdb.GdbError("No frame selected.")


def c_arguments(frame):
    """What the built-in `info args` lists: the function's parameters."""
    out = []
    try:
        block = frame.block()
    except RuntimeError:
        return out
    while block is not None and block.function is None:
        block = block.superblock
    for sym in block or []:
        if sym.is_argument:
            try:
                out.append((sym.name, sym.value(frame)))
            except (gdb.error, gdb.MemoryError, TypeError):
                continue
    return out


class _InfoVars(gdb.Command):
    """info locals|args [-q] [NAMEREGEXP]: in a coroutine's frame, its
    parameters or locals under their source names (frame fields in scope
    and C locals, the innermost of a name winning); elsewhere what gdb's
    own command prints. (gdb's frame filters do not reach these commands,
    hence the replacement; `bt full` and MI use the frame filter.)"""

    def __init__(self, name, kind):
        self.kind = kind
        super().__init__("info " + name, gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        words = gdb.string_to_argv(arg)
        quiet = "-q" in words
        words = [w for w in words if w != "-q"]
        if any(w.startswith("-") for w in words):
            raise gdb.GdbError("only -q and a name regexp are understood with corogen's gdb support")
        pattern = re.compile(words[0]) if words else None
        frame = _selected()
        pairs = frame_variables(frame, self.kind)
        if pairs is None:
            try:
                frame.block()
            except RuntimeError:
                raise gdb.GdbError("No symbol table info available.")
            if self.kind == "p":
                pairs = c_arguments(frame)
            else:
                pairs = [(n, v) for n, v, _ in dwarf_locals(frame, set())]
        if pattern:
            pairs = [(n, v) for n, v in pairs if pattern.search(n)]
        if pairs or not quiet:
            what = "locals" if self.kind == "l" else "arguments"
            _print_vars(pairs, ("No matching %s." if pattern else "No %s.") % what)


def _install_info_commands():
    _InfoVars("locals", "l")
    _InfoVars("args", "p")


# ---------------------------------------------------------------- co ...

class CoPrefix(gdb.Command):
    """Commands for corogen coroutines: co locals, co bt, co tasks."""

    def __init__(self):
        super().__init__("co", gdb.COMMAND_STACK, gdb.COMPLETE_NONE, True)


def nearest_coroutine_frame():
    f = _selected()
    while f is not None:
        if coroutine_name(f) and running_gen(f) is not None:
            return f
        f = f.older()
    return None


class CoLocals(gdb.Command):
    """Parameters and locals of the selected coroutine, by source name."""

    def __init__(self):
        super().__init__("co locals", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        f = nearest_coroutine_frame()
        if f is None:
            raise gdb.GdbError("No coroutine in the selected frame or its callers.")
        _print_vars(frame_variables(f, "p") + frame_variables(f, "l"), "No locals.")


_IDENT = re.compile(r"(->|\.)?\s*\b([A-Za-z_]\w*)\b")


def rewrite_expression(frame, expr):
    """`expr` with the coroutine's frame fields in scope at the frame's line
    spelled as gdb can evaluate them: `total` -> `f->total`."""
    gen = running_gen(frame)
    if gen is None or gen.cls is None:
        return expr
    line = frame_line(frame)
    visible = gen.cls.in_scope(line, "p") + gen.cls.in_scope(line, "l")
    fields = {n: fld for n, fld, _ in visible}
    since = {n: first for n, _, first in visible}
    # a C local declared inside the field's scope shadows it
    c_locals = {n for n, _, first in dwarf_locals(frame, set())
                if n in fields and (first or 0) > since[n]}
    frame_ptr = "((struct %s__frame *)%s)" % (gen.name, gen.cls.gvar)

    def sub(m):
        if m.group(1) or m.group(2) not in fields or m.group(2) in c_locals:
            return m.group(0)
        return "%s->%s" % (frame_ptr, fields[m.group(2)])
    return _IDENT.sub(sub, expr)


class CoPrint(gdb.Command):
    """co print EXPR: print EXPR in the selected coroutine, its parameters
    and locals named as in the .co source (gdb's own `print` only knows
    them as fields of the frame: f->total)."""

    def __init__(self):
        super().__init__("co print", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        f = nearest_coroutine_frame()
        if f is None:
            raise gdb.GdbError("No coroutine in the selected frame or its callers.")
        if f != gdb.selected_frame():
            f.select()
        gdb.execute("print " + rewrite_expression(f, arg), from_tty)


def _varline(pairs):
    out = []
    for n, v in pairs:
        try:
            out.append("%s = %s" % (n, v.format_string(max_elements=80, repeat_threshold=10)))
        except (gdb.error, gdb.MemoryError):
            out.append("%s = <unreadable>" % n)
    return out


def print_chain(chain, running=None, indent="  ", with_locals=True):
    """`chain` outermost first; the innermost is numbered #0, as bt does.
    `running`: the gdb frame running the innermost one, if it runs."""
    n = len(chain)
    for i, g in enumerate(chain):
        depth = n - 1 - i
        line = g.line()
        local_vars = None
        if running is not None and i == n - 1:
            line = frame_line(running)
            where = "%s at %s:%d" % (g.name, g.file, line)
            local_vars = frame_variables(running, "l")
        else:
            where = g.where()
        if local_vars is None:
            local_vars = g.variables("l", line)
        args = ", ".join(_varline(g.variables("p", line)))
        print("%s#%-2d %s(%s) %s" % (indent, depth, g.name, args, where[len(g.name) + 1:]))
        for text in _varline(local_vars) if with_locals else []:
            print("%s        %s" % (indent, text))


class CoBt(gdb.Command):
    """The `yield from` chain of the selected coroutine, outermost caller
    first, each level with its .co file:line and its locals."""

    def __init__(self):
        super().__init__("co bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        f = nearest_coroutine_frame()
        if f is None:
            raise gdb.GdbError("No coroutine in the selected frame or its callers.")
        gen = running_gen(f)
        chain = chain_up(gen)
        print_chain(chain, f, "")
        caller = f.older()
        while caller is not None and _is_runtime_frame(caller):
            caller = caller.older()
        if caller is not None:
            sal = caller.find_sal()
            print("resumed from %s%s" % (caller.name() or "??",
                                         " at %s:%d" % (sal.symtab.filename, sal.line)
                                         if sal.symtab else ""))


# ----------------------------------------------------------------- tasks

def task_gen(t):
    """A task's coroutine frame (it follows the task in one block), or None
    once the task finished."""
    p = (t.address + 1).cast(gdb.lookup_type("co_gen").pointer())
    return None if int(p.dereference()["state"]) == CO_DONE else p


def task_waiting(t):
    """The future a task waits on, or None."""
    if not int(t["fut"]["flags"]) & TASK_WAITING:
        return None
    return t["head"]["value"].cast(gdb.lookup_type("co_future").pointer())


def task_state(t):
    flags = int(t["fut"]["flags"])
    if flags & TASK_RUNNING:
        return "running"
    if flags & TASK_STEP_QUEUED:
        return "ready"
    if task_waiting(t) is not None:
        return "waiting"
    return FUTURE_STATES.get(int(t["fut"]["state"]), "pending")


def future_kind(f):
    """The subclass of a co_future: the name in its operations table
    (co__future_ops, co_internal.h): "future", "task", "gather", ..."""
    try:
        return f["ops"]["name"].string()
    except (gdb.error, gdb.MemoryError):
        return "future"


def describe_future(fp):
    """One line about a co_future * (a task's own future included)."""
    if _addr(fp) == 0:
        return "NULL"
    f = fp.dereference()
    kind = future_kind(f)
    state = FUTURE_STATES.get(int(f["state"]), "state %d" % int(f["state"]))
    if kind == "task":
        t = fp.cast(gdb.lookup_type("co_task").pointer()).dereference()
        return "task 0x%x (%s%s)" % (_addr(fp), task_state(t), _task_where(t))
    what = "gather" if kind == "gather" else "future"
    extra = ""
    if int(f["state"]) == 2:
        extra = ", error %d" % int(f["error"])
    return "%s 0x%x (%s%s, %d ref%s)" % (what, _addr(fp), state, extra, int(f["refs"]),
                                         "" if int(f["refs"]) == 1 else "s")


def _task_where(t):
    g = task_gen(t)
    if g is None:
        return ""
    try:
        inner = Gen(Gen(g).leaf())
        return ", " + inner.where()
    except (gdb.error, gdb.MemoryError):
        return ""


def find_loops():
    """Every loop we can see without running code: this thread's list of
    live loops (loop.c), else the running one, else `loop` in a stack frame."""
    loops = []
    for var in ("alive_loops", "running_loop"):
        try:
            v = gdb.parse_and_eval(var)
        except gdb.error:
            continue
        for _ in range(1000):
            if _addr(v) == 0 or _addr(v) in [_addr(x) for x in loops]:
                break
            loops.append(v)
            try:
                v = v.dereference()["next_alive"]
            except gdb.error:
                break
        if loops:
            return loops
    try:
        f = gdb.newest_frame()
    except gdb.error:
        return loops
    while f is not None:
        try:
            v = f.read_var("loop")
            if not v.is_optimized_out and _addr(v):
                return [v]
        except (ValueError, gdb.error):
            pass
        f = f.older()
    return loops


class CoTasks(gdb.Command):
    """co tasks [full] [LOOP]: every live task of LOOP (default: every loop
    of the thread) with its state, the future it waits on, and its chain of
    coroutine frames, outermost first, with their parameters (`full`: and
    their locals). Reads memory only: works on a core file and on a
    stopped process whatever it was doing."""

    def __init__(self):
        super().__init__("co tasks", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        full = False
        arg = arg.strip()
        if arg == "full" or arg.startswith("full "):
            full, arg = True, arg[4:].strip()
        if arg:
            loops = [gdb.parse_and_eval(arg).cast(gdb.lookup_type("co_loop").pointer())]
        else:
            loops = find_loops()
        if not loops:
            raise gdb.GdbError("No co_loop found: name one, e.g. `co tasks loop` in a frame that has it.")
        for loop in loops:
            tasks, t = [], loop.dereference()["tasks"]
            for _ in range(MAX_CHAIN):
                if _addr(t) == 0:
                    break
                tasks.append(t)
                t = t.dereference()["next"]
            print("loop 0x%x: %d live task(s)" % (_addr(loop), len(tasks)))
            for tp in tasks:
                t = tp.dereference()
                line = "task 0x%x: %s" % (_addr(tp), task_state(t))
                waiting = task_waiting(t)
                if waiting is not None:
                    line += " on " + describe_future(waiting)
                print(line)
                if task_gen(t) is not None:
                    try:
                        chain, running = chain_from_root(task_gen(t))
                        print_chain(chain, running, with_locals=full)
                    except (gdb.error, gdb.MemoryError) as e:
                        print("  <unreadable chain: %s>" % e)


# -------------------------------------------------------- pretty-printers

class GenPrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        a = _addr(self.val)
        if a == 0:
            return "0x0"
        try:
            g = Gen(self.val)
            return "0x%x <%s>" % (a, g.where())
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            return "0x%x" % a


class FuturePrinter:
    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return "0x%x <%s>" % (_addr(self.val), describe_future(self.val)) \
                if _addr(self.val) else "0x0"
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            return "0x%x" % _addr(self.val)


class TaskPrinter(FuturePrinter):
    def __init__(self, val):
        super().__init__(val.cast(gdb.lookup_type("co_future").pointer()))


class GenStructPrinter:
    """A co_gen itself: its fields, with the leaf/parent slot named by what
    it holds (gdb 13 misprints the second member of that anonymous union
    when a printer is involved, so the union is never handed to gdb)."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        try:
            return "<%s>" % Gen(self.val.address).where()
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            return None

    def children(self):
        v = self.val
        for name in ("cls", "state", "up"):
            yield name, v[name]
        try:
            g = Gen(v.address)
            link = g.link()
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            return
        role = "leaf"
        try:
            if _addr(link) and Gen(link).delegates_to(g.addr):
                role = "parent"
        except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
            pass
        if g.head() is not None or _addr(link):
            yield role, link
        if g.head() is not None:
            yield "value", g.head()["value"]


_PRINTERS = {"co_gen": GenPrinter, "co_future": FuturePrinter, "co_task": TaskPrinter}


def lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_STRUCT and t.tag == "co_gen" and val.address is not None:
        return GenStructPrinter(val)
    if t.code != gdb.TYPE_CODE_PTR:
        return None
    target = t.target().strip_typedefs()
    if target.code != gdb.TYPE_CODE_STRUCT:
        return None
    return _PRINTERS.get(target.tag)(val) if target.tag in _PRINTERS else None


# ---------------------------------------------------------------- stepping

def _is_runtime_frame(frame):
    sal = frame.find_sal()
    if sal.symtab is not None:
        return bool(RUNTIME_FILES.search(sal.symtab.filename))
    name = frame.name() or ""
    return name.startswith("co__") or name in ("co_send", "co_loop_run",
                                               "co_loop_run_until_complete")


_step = {}


def before_step(cmd):
    """hook-next / hook-step / hook-finish: remember the coroutine that
    runs in the selected frame, its delegator and the line."""
    if _busy:
        return          # a step the extension itself makes
    _step.clear()
    try:
        f = gdb.selected_frame()
    except gdb.error:
        return
    gen = running_gen(f) if coroutine_name(f) else None
    if gen is None:
        return
    _step.update(addr=gen.addr, name=gen.name, line=frame_line(f),
                 end=max([v[4] for v in gen.cls.vars] or [0]), parent=None)
    # Leaving through a suspension first stops in the runtime (or on the
    # closing brace); keep gdb from reporting that stop, after_step
    # reports where the coroutine continues instead.
    suspends = {int(gen.lines[i]) for i in range(1, gen.nstates)}
    if cmd == "finish" or _step["line"] in suspends or _step["line"] == _step["end"]:
        if cmd == "finish":     # gdb's own line, which the quiet mode hides
            gdb.write("Run till exit from " + gdb.execute("frame", to_string=True).split("\n")[0] + "\n")
        _quiet(True)
    try:
        p = Gen(gen.link())
        if p.delegates_to(gen.addr):
            _step["parent"] = (p.name, p.addr)
    except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
        pass


class _ResumeBreakpoint(gdb.Breakpoint):
    """Stops when NAME__resume runs the frame at `addr` again."""

    def __init__(self, name, addr):
        super().__init__("-function " + name + RESUME, internal=True)
        self.addr = addr
        self.silent = True

    def stop(self):
        g = running_gen(gdb.newest_frame())
        return g is not None and g.addr == self.addr


def _run_to_resume(name, addr, past_line=None):
    """Continue until coroutine frame `addr` is resumed; stop on its
    resumed line (past `past_line`, the line the step started on)."""
    bp = _ResumeBreakpoint(name, addr)
    try:
        gdb.execute("continue", to_string=True)
    finally:
        bp.delete()
    if not gdb.selected_inferior().pid:
        return False
    f = gdb.newest_frame()
    g = running_gen(f)
    if g is None or g.addr != addr:
        return False     # stopped elsewhere first (a breakpoint, a signal)
    # Past the state dispatch, attributed to the header line, by
    # instructions: the resume label may sit inside its line's row (clang),
    # where `next` would not stop.
    header = frame_line(f)
    for _ in range(1000):
        gdb.execute("stepi", to_string=True)
        f = gdb.newest_frame()
        if coroutine_name(f) != name or frame_line(f) != header:
            break
    for _ in range(100):   # `next`: on past the rest of the suspending line
        if coroutine_name(f) != name or frame_line(f) != past_line:
            break
        gdb.execute("next", to_string=True)
        f = gdb.newest_frame()
    return True


def _leave_runtime():
    """Finish out of runtime frames to the code that drove them."""
    for _ in range(20):
        f = gdb.newest_frame()
        if not _is_runtime_frame(f) or f.older() is None:
            break
        gdb.execute("finish", to_string=True)


def _step_into_send(frame):
    """`step` into co_send (inline, in coro.h): on into the coroutine it
    resumes, its innermost frame, as stepping into a call would."""
    try:
        g = frame.read_var("g")
        target = Gen(Gen(g).leaf()) if not g.is_optimized_out else None
    except (ValueError, gdb.error, gdb.MemoryError, UnicodeDecodeError):
        target = None
    if target is None:
        _leave_runtime()
    else:
        _run_to_resume(target.name, target.addr)


def _quiet(on):
    """Stop reports off (gdb >= 12) while a step is being carried on."""
    try:
        gdb.execute("set suppress-cli-notifications %s" % ("on" if on else "off"), to_string=True)
        _step["quiet"] = on
    except gdb.error:
        pass


def _report_stop():
    """What gdb would have printed at the stop: the source line, with the
    frame first when it is not the frame the step started in."""
    try:
        f = gdb.newest_frame()
        text = gdb.execute("frame 0", to_string=True)
    except gdb.error:
        return
    g = running_gen(f) if coroutine_name(f) else None
    if g is not None and g.addr == _step.get("addr") and "\n" in text.rstrip("\n"):
        text = text.split("\n", 1)[1]
    gdb.write(text)


def _restore_reports():
    if _step.get("quiet"):
        _quiet(False)
        if gdb.selected_inferior().pid:
            _report_stop()


# A command that failed skips its hookpost: never leave reports off.
gdb.events.before_prompt.connect(lambda: _step.get("quiet") and _quiet(False))


_busy = False


def after_step(cmd):
    global _busy
    if _busy:
        return
    _busy = True
    try:
        _continue_after_step(cmd)
    finally:
        _busy = False
        _restore_reports()


def _continue_after_step(cmd):
    """hookpost-next/step/finish: when the step left a coroutine through a
    suspension (into the runtime, or to the shared epilogue on its closing
    brace), go on to where it logically continues, as for a function call:
      next:   the same coroutine, resumed past its suspension
      step:   into the child a `yield from` started, else as next
      finish: its delegator, resumed after it returns
    A coroutine that returned continues in its delegator; a root's
    suspension returns to the C code that drives it (co_send's caller)."""
    if not gdb.selected_inferior().pid:
        return
    try:
        f = gdb.newest_frame()
    except gdb.error:
        return
    if not _step:
        if cmd == "step" and f.name() == "co_send":
            _step_into_send(f)
        return
    addr, name = _step["addr"], _step["name"]
    try:
        g = Gen(gdb.Value(addr))
    except (gdb.error, gdb.MemoryError, UnicodeDecodeError):
        return
    here = running_gen(f) if coroutine_name(f) == name else None
    # a suspension reaches the closing brace (the shared epilogue) with its
    # state already stored; a return stores CO_DONE only there
    at_epilogue = (here is not None and here.addr == addr and frame_line(f) == _step["end"]
                   and cmd != "finish" and g.state > 0 and g.line() == _step["line"])
    if at_epilogue:
        # The brace is shared by the suspensions and the return, and an
        # optimised build may reach it before the state is stored, or in
        # the middle of the line it steps from: go on by instruction until
        # another line of this coroutine starts (stop there) or it returns.
        for _ in range(10000):
            gdb.execute("stepi", to_string=True)
            f = gdb.newest_frame()
            if coroutine_name(f) != name:
                caller = f.older()
                if caller is not None and coroutine_name(caller) == name:
                    gdb.execute("finish", to_string=True)   # a call it makes
                    continue
                break                                        # it returned
            if frame_line(f) not in (_step["end"], _step["line"]) and f.find_sal().pc == f.pc():
                return
        g = Gen(gdb.Value(addr))
    elif not _is_runtime_frame(f):
        return
    target, past = None, None
    if g.state == CO_DONE or cmd == "finish":
        target = _step["parent"]
    elif cmd == "step":
        child = g.delegate()
        if child is not None:
            c = Gen(child)
            if not RUNTIME_FILES.search(c.file):   # the runtime's: stepped over
                target = (c.name, c.addr)
    if target is None and cmd in ("next", "step") and g.state != CO_DONE:
        target, past = (name, addr), _step["line"]
    if target is None:
        _leave_runtime()
    else:
        _run_to_resume(target[0], target[1], past)


def _install_step_hooks():
    for cmd in ("next", "step", "finish"):
        gdb.execute("define hook-%s\npython __import__('corogen_gdb').before_step('%s')\nend" % (cmd, cmd))
        gdb.execute("define hookpost-%s\npython __import__('corogen_gdb').after_step('%s')\nend" % (cmd, cmd))
    for pattern in ("*/runtime/coro.c", "*/runtime/task.c", "*/runtime/future.c",
                    "*/runtime/loop.c", "*/runtime/loop_select.c", "*/runtime/loop_epoll.c",
                    "*/runtime/run.c", "*/runtime/queue.c",
                    "*/runtime/gather.c", "*/runtime/debug.c", "*/runtime/net.co"):
        gdb.execute("skip -gfile %s" % pattern, to_string=True)
    # a frame's initialiser runs on the `yield from` line: `step` goes on
    # into the child's body, not into NAME__init
    gdb.execute("skip -rfunction __init$", to_string=True)


# ------------------------------------------------------------------ setup

def register():
    import sys
    import types
    # what the step hooks call, whatever else gets defined in __main__
    sys.modules.setdefault("corogen_gdb", types.SimpleNamespace(before_step=before_step,
                                                                after_step=after_step))
    if getattr(gdb, "_corogen_loaded", False):
        return
    gdb._corogen_loaded = True
    gdb.pretty_printers.append(lookup_printer)
    CoPrefix()
    CoLocals()
    CoBt()
    CoTasks()
    CoPrint()
    _install_info_commands()
    _install_step_hooks()


register()
