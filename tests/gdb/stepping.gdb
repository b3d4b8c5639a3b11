# Commands for tests/e2e/gdb_chain.py: `next` over a `yield from` and
# `finish` out of a delegate stop in the coroutine, not in the runtime.
set pagination off
define where
python f = gdb.selected_frame(); print("WHERE %s %d" % (f.name(), f.find_sal().line))
end
break chain.co:20
run
next
where
info locals
delete
break chain.co:12
continue
delete
finish
where
next
where
