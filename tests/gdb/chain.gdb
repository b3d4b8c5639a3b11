# Commands for tests/e2e/gdb_chain.py: stop on line 12 of chain.co (inside
# the innermost coroutine) every time it runs, and say what gdb sees.
set pagination off
set print address off
break chain.co:12
commands
silent
printf "=== hit\n"
info args
info locals
co bt
continue
end
run
