/* Structs, unions, bit-fields, const members, compound literals, arrays of
 * structs passed and returned by value: plain C for tests/diff/c2co.py. */
#include <stdio.h>
#include <string.h>

struct point { int x, y; };
struct rect { struct point lo, hi; const char *name; };
struct flags { unsigned ready : 1; unsigned count : 5; signed delta : 4; };
union word { unsigned u; unsigned char b[4]; };
struct tagged { const int id; double weight; };

static struct point add(struct point a, struct point b)
{
    return (struct point){a.x + b.x, a.y + b.y};
}

static int area(struct rect r)
{
    return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y);
}

static struct rect grow(struct rect r, int by)
{
    r.lo = add(r.lo, (struct point){-by, -by});
    r.hi = add(r.hi, (struct point){by, by});
    return r;
}

static struct flags step(struct flags f)
{
    f.count += 3;
    f.delta -= 2;
    f.ready = !f.ready;
    return f;
}

static struct tagged make_tagged(int id, double w)
{
    struct tagged t = {id, w};
    return t;
}

static double total(const struct tagged *ts, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += ts[i].weight * ts[i].id;
    return sum;
}

int main(void)
{
    struct rect r = {{1, 2}, {4, 6}, "box"};
    printf("%s area %d\n", r.name, area(r));
    struct rect g = grow(r, 2);
    printf("grown %d %d %d %d area %d\n", g.lo.x, g.lo.y, g.hi.x, g.hi.y, area(g));
    struct flags f = {0, 1, 3};
    for (int i = 0; i < 5; i++) {
        f = step(f);
        printf("flags %u %u %d\n", f.ready, f.count, f.delta);
    }
    union word w;
    w.u = 0x01020304u;
    printf("bytes sum %d\n", w.b[0] + w.b[1] + w.b[2] + w.b[3]);
    struct tagged ts[3] = {make_tagged(1, 0.5), make_tagged(2, 1.25), make_tagged(3, 2.0)};
    printf("total %.2f\n", total(ts, 3));
    int *p = (int[]){10, 20, 30};
    printf("compound %d\n", p[0] + p[1] + p[2]);
    char buf[16];
    memset(buf, 0, sizeof buf);
    snprintf(buf, sizeof buf, "%d-%d", add(r.lo, r.hi).x, add(r.lo, r.hi).y);
    printf("%s\n", buf);
    return 0;
}
