#ifdef __COROGEN__
coro int declared(void);
coro int defined_here(void) { return 1; }
#endif
