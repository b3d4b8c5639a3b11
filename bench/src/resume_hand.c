/* resume_hand.c — measurement 1, the physical limit: the same generator
 * written by hand as a switch state machine, resumed through a function
 * pointer stored in its frame. */
#include <stdint.h>
#include <stdlib.h>
#include "resume_hand.h"

static int sm_resume(struct sm *s)
{
	switch (s->state) {
	case 0: break;
	case 1: goto resume_1;
	default: return 1;
	}
	for (s->i = 0; s->i < s->n; s->i++) {
		s->value = (void *)(intptr_t)s->i;
		s->state = 1;
		return 0;
	resume_1: ;
	}
	s->state = -1;
	s->value = (void *)(intptr_t)s->n;
	return 1;
}

struct sm *sm_new(int n)
{
	struct sm *s = malloc(sizeof *s);
	if (!s)
		abort();
	s->resume = sm_resume;
	s->state = 0;
	s->n = n;
	s->value = NULL;
	return s;
}
