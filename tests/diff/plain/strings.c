/* Strings, character classes, a tiny tokenizer and a state machine:
 * plain C for tests/diff/c2co.py. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok { T_NUM, T_WORD, T_OP, T_END };

static const char *next_token(const char *s, enum tok *kind, char *out, size_t cap)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = 0;
    if (!*s) {
        *kind = T_END;
        out[0] = '\0';
        return s;
    }
    if (isdigit((unsigned char)*s)) {
        *kind = T_NUM;
        while (isdigit((unsigned char)*s) && n + 1 < cap)
            out[n++] = *s++;
    } else if (isalpha((unsigned char)*s)) {
        *kind = T_WORD;
        while (isalnum((unsigned char)*s) && n + 1 < cap)
            out[n++] = (char)toupper((unsigned char)*s++);
    } else {
        *kind = T_OP;
        out[n++] = *s++;
    }
    out[n] = '\0';
    return s;
}

static long eval(const char *expr)
{
    long acc = 0, cur = 0;
    char op = '+';
    enum tok k;
    char buf[32];
    const char *p = expr;
    for (;;) {
        p = next_token(p, &k, buf, sizeof buf);
        if (k == T_NUM)
            cur = strtol(buf, NULL, 10);
        else if (k == T_OP && (buf[0] == '+' || buf[0] == '-' || buf[0] == '*')) {
            acc = op == '+' ? acc + cur : op == '-' ? acc - cur : acc * cur;
            op = buf[0];
            cur = 0;
        } else if (k == T_END)
            break;
    }
    return op == '+' ? acc + cur : op == '-' ? acc - cur : acc * cur;
}

static char *reverse_words(const char *in)
{
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    size_t o = 0;
    for (size_t end = n; end > 0;) {
        size_t start = end;
        while (start > 0 && in[start - 1] != ' ')
            start--;
        memcpy(out + o, in + start, end - start);
        o += end - start;
        if (start > 0)
            out[o++] = ' ';
        end = start > 0 ? start - 1 : 0;
    }
    out[o] = '\0';
    return out;
}

int main(void)
{
    const char *src = "let x1 = 42 + y * 7";
    enum tok k;
    char buf[16];
    for (const char *p = src;;) {
        p = next_token(p, &k, buf, sizeof buf);
        if (k == T_END)
            break;
        printf("%d:%s\n", (int)k, buf);
    }
    printf("eval %ld %ld\n", eval("1 + 2 + 3"), eval("10 - 4 - 3"));
    char *r = reverse_words("state machines are plain C");
    printf("%s\n", r);
    free(r);
    return 0;
}
