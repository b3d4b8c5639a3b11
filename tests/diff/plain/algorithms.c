/* Sorting, searching and recursion: plain C for tests/diff/c2co.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void swap(int *a, int *b)
{
    int t = *a;
    *a = *b;
    *b = t;
}

static int partition(int *v, int lo, int hi)
{
    int pivot = v[hi], i = lo;
    for (int j = lo; j < hi; j++)
        if (v[j] < pivot)
            swap(&v[i++], &v[j]);
    swap(&v[i], &v[hi]);
    return i;
}

static void quicksort(int *v, int lo, int hi)
{
    if (lo >= hi)
        return;
    int p = partition(v, lo, hi);
    quicksort(v, lo, p - 1);
    quicksort(v, p + 1, hi);
}

static int bsearch_int(const int *v, int n, int key)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] == key)
            return mid;
        else if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static unsigned long fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int ackermann(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int queens(int row, int n, int *cols)
{
    if (row == n)
        return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        int ok = 1;
        for (int r = 0; r < row && ok; r++)
            if (cols[r] == c || abs(cols[r] - c) == row - r)
                ok = 0;
        if (!ok)
            continue;
        cols[row] = c;
        count += queens(row + 1, n, cols);
    }
    return count;
}

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

int main(void)
{
    int v[64];
    unsigned seed = 12345;
    for (int i = 0; i < 64; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (int)(seed >> 16) % 1000;
    }
    quicksort(v, 0, 63);
    for (int i = 0; i < 64; i += 8)
        printf("%d %d %d %d\n", v[i], v[i + 1], v[i + 2], v[i + 3]);
    printf("found %d at %d\n", v[40], bsearch_int(v, 64, v[40]));
    printf("missing %d\n", bsearch_int(v, 64, 1001));
    printf("fib %lu\n", fib(20));
    printf("ack %d\n", ackermann(2, 3));
    int cols[8];
    printf("queens %d\n", queens(0, 8, cols));
    char word[32];
    strcpy(word, "coroutine");
    printf("hash %u %u\n", hash(word), hash("state machine"));
    return 0;
}
