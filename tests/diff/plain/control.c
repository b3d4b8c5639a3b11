/* switch with fallthrough, goto, labels, do/while, static and extern
 * locals, short-circuits: plain C for tests/diff/c2co.py. */
#include <stdio.h>

int shared_total;

static int classify(int c)
{
    switch (c % 7) {
    case 0:
        return 100;
    case 1:
    case 2:
        c += 10;
        /* fall through */
    case 3:
        c *= 2;
        break;
    default:
        c = -c;
    }
    return c;
}

static int counter(void)
{
    static int calls = 0;
    calls += 2;
    return calls;
}

static int find_pair(const int *v, int n, int target)
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            if (v[i] + v[j] == target)
                goto found;
    return -1;
found:
    return i * 100 + j;
}

static int collatz(long n)
{
    int steps = 0;
    do {
        n = n % 2 ? 3 * n + 1 : n / 2;
        steps++;
    } while (n != 1);
    return steps;
}

static int check(int a, int b)
{
    extern int shared_total;
    shared_total += a;
    return (a > 0 && b / a > 1) || (b == 0 ? a : b) > 5;
}

int main(void)
{
    for (int i = 0; i < 10; i++)
        printf("classify %d -> %d\n", i, classify(i));
    int sum = 0;
    for (int i = 0; i < 4; i++)
        sum += counter();
    printf("counter %d\n", sum);
    int v[] = {3, 8, 1, 9, 4, 7};
    printf("pair %d %d\n", find_pair(v, 6, 13), find_pair(v, 6, 100));
    printf("collatz %d %d\n", collatz(27), collatz(97));
    printf("check %d %d %d %d\n", check(2, 9), check(0, 3), check(-1, 0), check(5, 6));
    printf("shared %d\n", shared_total);
    return 0;
}
