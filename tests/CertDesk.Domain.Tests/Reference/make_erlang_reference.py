#!/usr/bin/env python3
"""Erlang C and Erlang A reference values for CertDesk.Domain.Tests, at 80 significant digits.

Standard library only (decimal, fractions). Every figure is computed by two routes that share no code with the C#
engine and must agree to 1e-40 relative, or the script stops:

Erlang C: (1) forward Erlang B recursion; (2) the direct sums of A^k/k! (Decimal's exponent range is unbounded for
practical purposes, so no overflow), or exact Fractions for N <= 300.
Erlang A (M/M/N+M): (1) explicit birth-death state probabilities, P(abandon) from each caller's chance to leave,
ASA from the advance rates ahead of each caller, service level from the per-state incomplete beta (small chains);
(2) the Mandelbaum-Zeltyn incomplete-gamma forms (service level, P(abandon|wait) = 1/(rho*A) + 1 - 1/rho).

Definitions (shared/reference/wfm.md 2.1 and 3.2): service level = answered within the target / offered;
ASA = mean wait of answered contacts; occupancy = carried load / agents.

Usage: python3 make_erlang_reference.py  (writes erlang_reference.csv beside this script)
"""
import csv
import os
from decimal import Decimal as D, getcontext
from fractions import Fraction

getcontext().prec = 80
TOL = D("1e-40")

# model, calls, interval_seconds, aht_seconds, agents, target_seconds, patience_seconds, source
CASES = [
    ("C", "1", "1800", "180", 1, "20", "", "1 agent, A=0.1"),
    ("C", "9.5", "1800", "180", 1, "20", "", "1 agent, A=0.95 (just below the agent count)"),
    ("C", "5", "3600", "360", 2, "30", "", "R queueing M/M/c example lambda=5 mu=10 c=2"),
    ("C", "20", "1800", "180", 3, "20", "", "3 agents, A=2"),
    ("C", "100", "1800", "180", 11, "20", "", "callcentrehelper 'Erlang C made simple' worked example N=11 (wfm.md 9)"),
    ("C", "100", "1800", "180", 12, "20", "", "callcentrehelper worked example N=12"),
    ("C", "100", "1800", "180", 13, "20", "", "callcentrehelper worked example N=13"),
    ("C", "100", "1800", "180", 14, "20", "", "callcentrehelper / CRAN ErlangC / pyworkforce example N=14"),
    ("C", "100", "1800", "180", 14, "19.8", "", "pyworkforce example asa 0.33 min"),
    ("C", "100", "1800", "180", 15, "0", "", "t=0: SL = 1 - P(wait)"),
    ("C", "360", "1800", "240", 55, "15", "", "360 calls per half hour, 4 min AHT, 55 agents, 15 s"),
    ("C", "1000", "3600", "120", 40, "20", "", "call-center-tools 1000 calls/h AHT 120 s, 40 agents"),
    ("C", "75.5", "900", "187.5", 19, "20", "", "fractional volume and AHT"),
    ("C", "99", "1800", "180", 10, "20", "", "near-unstable A=9.9 N=10"),
    ("C", "999.5", "1800", "180", 100, "20", "", "near-unstable A=99.95 N=100"),
    ("C", "9999", "1800", "180", 1000, "20", "", "near-unstable A=999.9 N=1000"),
    ("C", "29995", "1800", "180", 3000, "20", "", "near-unstable A=2999.5 N=3000"),
    ("C", "6000", "900", "300", 2050, "20", "", "large: A=2000 N=2050"),
    ("C", "6000", "900", "300", 2100, "30", "", "large: A=2000 N=2100"),
    ("C", "12", "1800", "150", 30, "20", "", "N >> A: A=1 N=30 (tiny P(wait))"),
    ("A", "100", "1800", "180", 14, "20", "300", "pyworkforce ErlangA regression (wfm.md 3.2)"),
    ("A", "100", "1800", "180", 13, "20", "300", "Erlang A 13 agents, 5 min patience"),
    ("A", "5", "1800", "180", 1, "20", "60", "1 agent"),
    ("A", "30", "1800", "180", 2, "10", "90", "2 agents, A=3 (overloaded)"),
    ("A", "100", "1800", "180", 8, "20", "120", "N < A: 8 agents for A=10"),
    ("A", "100", "1800", "180", 10, "20", "300", "N = A"),
    ("A", "100", "1800", "180", 12, "20", "180", "patience = AHT (Poisson identity)"),
    ("A", "100", "1800", "180", 14, "0", "300", "t=0"),
    ("A", "100", "1800", "180", 14, "20", "1000000", "very patient: close to Erlang C"),
    ("A", "100", "1800", "180", 15, "60", "30", "impatient callers"),
    ("A", "5850", "900", "300", 2000, "20", "600", "large: A=1950 N=2000"),
    ("A", "6000", "900", "300", 1950, "20", "300", "large overloaded: A=2000 N=1950"),
    ("A", "8850", "900", "300", 2950, "15", "240", "large: A=2950 N=2950"),
]


def close(x, y, what):
    if x == y:
        return
    scale = max(abs(x), abs(y))
    if scale != 0 and abs(x - y) / scale > TOL:
        raise SystemExit(f"disagreement in {what}: {x} vs {y}")


def erlang_b_recursion(n, a):
    b = D(1)
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_b_direct(n, a, calls, interval, aht):
    if n <= 300:
        af = Fraction(calls) * Fraction(aht) / Fraction(interval)
        term, total = Fraction(1), Fraction(1)
        for k in range(1, n + 1):
            term = term * af / k
            total += term
        return D(term.numerator) / D(term.denominator) / (D(total.numerator) / D(total.denominator))
    term, total = D(1), D(1)
    for k in range(1, n + 1):
        term = term * a / k
        total += term
    return term / total


def erlang_c(calls, interval, aht, n, t):
    a = D(calls) * D(aht) / D(interval)
    h, t = D(aht), D(t)
    b1 = erlang_b_recursion(n, a)
    b2 = erlang_b_direct(n, a, calls, interval, aht)
    close(b1, b2, "Erlang B")
    if n <= a:
        raise SystemExit("reference cases must be stable")
    c = n * b1 / (n - a * (1 - b1))
    # second route for C: the textbook ratio of sums
    term, below = D(1), D(0)
    for k in range(0, n):
        below += term
        term = term * a / (k + 1)
    top = term * n / (n - a)
    close(c, top / (below + top), "Erlang C")
    sl = 1 - c * (-(n - a) * t / h).exp()
    asa = c * h / (n - a)
    return dict(traffic=a, prob_wait=c, prob_abandon="", service_level=sl, asa=asa, occupancy=a / n)


def erlang_a(calls, interval, aht, n, t, patience):
    lam = D(calls) / D(interval)
    mu = 1 / D(aht)
    theta = 1 / D(patience)
    t = D(t)
    traffic = lam / mu
    a = n * mu / theta
    y = lam / theta

    # Route 1: explicit state weights relative to state N.
    below = D(0)
    w = D(1)
    for j in range(n - 1, -1, -1):
        w = w * (j + 1) * mu / lam
        below += w
    q = [D(1)]
    running = D(1)
    k = 0
    while True:
        nxt = q[-1] * lam / (n * mu + (k + 1) * theta)
        q.append(nxt)
        running += nxt
        k += 1
        if nxt < D("1e-75") * running and lam < n * mu + k * theta:
            break
    z = below + sum(q)
    p_wait = sum(q) / z
    # a caller finding k waiting is answered with prob N mu / (N mu + (k+1) theta)
    p_ab = sum(qk * (i + 1) * theta / (n * mu + (i + 1) * theta) for i, qk in enumerate(q)) / z
    ev = D(0)
    advance = D(0)
    for i, qk in enumerate(q):
        advance += 1 / (n * mu + (i + 1) * theta)
        ev += qk * n * mu / (n * mu + (i + 1) * theta) * advance
    ev /= z
    asa = ev / (1 - p_ab)
    occupancy = traffic * (1 - p_ab) / n

    # Route 2: Mandelbaum-Zeltyn functions via the lower incomplete gamma series.
    def lower_gamma(s, x):
        if x == 0:
            return D(0)
        term = 1 / s
        total = term
        m = 1
        while True:
            term = term * x / (s + m)
            total += term
            m += 1
            if term < total * D("1e-78") and x < s + m:
                break
        return (s * x.ln() - x).exp() * total

    e = erlang_b_recursion(n, traffic)
    g = lower_gamma(a, y)
    mz = a * y.exp() * (-(a * y.ln())).exp() * g
    p_wait2 = mz * e / (1 + (mz - 1) * e)
    close(p_wait, p_wait2, "Erlang A P(wait)")
    rho = lam / (n * mu)
    p_ab2 = p_wait2 * (1 / (rho * mz) + 1 - 1 / rho)
    close(p_ab, p_ab2, "Erlang A P(abandon)")
    shifted = y * (-theta * t).exp()
    sl = 1 - p_wait2 + p_wait2 * (lower_gamma(a + 1, y) - lower_gamma(a + 1, shifted)) / (y * g)

    # Route 1 for SL (small chains): per-state regularized incomplete beta with integer first argument.
    if len(q) <= 1500:
        x = 1 - (-theta * t).exp()
        b = a + 1
        one_minus_x_b = ((1 - x).ln() * b).exp() if x < 1 else D(0)
        within = D(0)
        partial = D(0)
        coef = D(1)
        for i, qk in enumerate(q):
            # I_x(i+1, b) = 1 - (1-x)^b * sum_{j=0..i} Gamma(b+j)/(Gamma(b) j!) x^j
            if i > 0:
                coef = coef * (b + i - 1) / i * x
            partial += coef
            ibeta = 1 - one_minus_x_b * partial
            within += qk * n * mu / (n * mu + (i + 1) * theta) * ibeta
        sl1 = (below + within) / z
        close(sl1, sl, "Erlang A service level")
    return dict(traffic=traffic, prob_wait=p_wait, prob_abandon=p_ab, service_level=sl, asa=asa, occupancy=occupancy)


def fmt(x):
    return "" if x == "" else format(x, ".25g")


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "erlang_reference.csv")
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["model", "calls", "interval_seconds", "aht_seconds", "agents", "target_seconds", "patience_seconds",
                         "traffic_erlangs", "prob_wait", "prob_abandon", "service_level", "asa_seconds", "occupancy", "source"])
        for model, calls, interval, aht, n, t, patience, source in CASES:
            r = erlang_c(calls, interval, aht, n, t) if model == "C" else erlang_a(calls, interval, aht, n, t, patience)
            print(model, n, source, flush=True)
            writer.writerow([model, calls, interval, aht, n, t, patience, fmt(r["traffic"]), fmt(r["prob_wait"]),
                             fmt(r["prob_abandon"]), fmt(r["service_level"]), fmt(r["asa"]), fmt(r["occupancy"]), source])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
