# Commands for tests/e2e/gdb_chain.py: `step` on a `yield from` line enters
# the child it starts, as stepping into a call would.
set pagination off
define where
python f = gdb.selected_frame(); print("WHERE %s %d" % (f.name(), f.find_sal().line))
end
break chain.co:20
run
step
where
