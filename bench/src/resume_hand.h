/* resume_hand.h — the hand-written state machine of measurement 1. */
struct sm {
	int (*resume)(struct sm *s);   /* 0 = yielded, 1 = returned */
	void *value;
	int state, i, n;
};
struct sm *sm_new(int n);
