#!/usr/bin/env python3
"""The same batch staffing algorithm as CertDesk.Domain's StaffingSolver, in pure Python (stdlib only), for timing.

Per interval: fewest agents N with Erlang C service level >= sl within target seconds and occupancy <= max; staff =
ceil(N / (1 - shrinkage)). Integer thresholds are decided on float quotients, in exact rational arithmetic (fractions) only when a quotient is
within 1e-9 of a whole number; the search starts at the first
candidate (smallest N above the traffic, or the occupancy bound), gets 1/B(N, A) by summing Poisson terms downward
from N, then steps up one agent at a time with the inverse Erlang B recursion (the e^(-gap t/h) factor carried by one
multiply per step).

Usage: staffing.py FORECAST.csv [--interval 900] [--sl 0.8] [--target 20] [--max-occupancy 0.85] [--shrinkage 0.3]
Prints the time and the sums of agents and staff (to compare with the C# run on the same file).
"""
import argparse
import csv
import math
import time
from fractions import Fraction


NEAR_WHOLE = 1e-9


def near_whole(q):
    return abs(q - round(q)) <= NEAR_WHOLE * max(1.0, q)


def smallest_above(quotient, amount, unit):
    """Smallest integer n >= 0 with n * unit > amount; decided on the float quotient unless it is near a whole number."""
    if not near_whole(quotient):
        return math.floor(quotient) + 1
    amount = amount()
    n = max(0, round(quotient) - 1)
    while n * unit <= amount:
        n += 1
    return n


def smallest_at_least(quotient, amount, unit):
    if not near_whole(quotient):
        return math.ceil(quotient)
    amount = amount()
    n = max(0, round(quotient) - 1)
    while n * unit < amount:
        n += 1
    return n


def inverse_erlang_b(n, traffic):
    """1/B(n, A): the Poisson terms summed four at a time from one product of four ratios (as the C# solver does)."""
    inv = 1.0 / traffic
    total = term = 1.0
    nxt = float(n)
    while True:
        r0 = nxt * inv
        r1 = (nxt - 1) * inv
        r2 = (nxt - 2) * inv
        r3 = (nxt - 3) * inv
        t0 = term * r0
        t1 = t0 * r1
        r01 = r0 * r1
        t2 = term * (r01 * r2)
        t3 = term * (r01 * (r2 * r3))
        total += (t0 + t1) + (t2 + t3)
        term = t3
        nxt -= 4
        r4 = nxt * inv
        if r4 <= 0 or (r4 < 1 and term * r4 <= 1e-17 * (1 - r4) * total):
            return total


def solve(calls, aht, interval, interval_f, sl, target, occupancy_capacity, occupancy_capacity_f, keep, keep_f):
    if calls == 0:
        return 0, 0
    aht_f = float(aht)
    workload = float(calls) * aht_f
    traffic = workload / interval_f
    exact = lambda: calls * aht
    start = smallest_above(traffic, exact, interval)
    if occupancy_capacity:
        start = max(start, smallest_at_least(workload / occupancy_capacity_f, exact, occupancy_capacity))
    n = max(1, start)
    inv_traffic = 1.0 / traffic
    x = inverse_erlang_b(n, traffic)
    decay = target / aht_f
    tail = math.exp(-(n - traffic) * decay)
    step_decay = math.exp(-decay)
    while True:
        gap = n - traffic
        if gap > 0:
            wait = n / (gap * x + traffic)
            if 1 - wait * tail >= sl:
                break
        n += 1
        x = 1 + n * inv_traffic * x
        tail *= step_decay
    staff = n if keep == 1 else smallest_at_least(n / keep_f, lambda: n, keep)
    return n, staff


def main():
    p = argparse.ArgumentParser()
    p.add_argument("forecast")
    p.add_argument("--interval", default="900")
    p.add_argument("--sl", default="0.8")
    p.add_argument("--target", default="20")
    p.add_argument("--max-occupancy", default="0.85")
    p.add_argument("--shrinkage", default="0.3")
    p.add_argument("--out", help="write each row with its agents and staff (the whole command, as certdesk staff --forecast)")
    a = p.parse_args()

    with open(a.forecast, newline="", encoding="utf-8-sig") as f:
        records = list(csv.DictReader(f))
    rows = [(Fraction(r["calls"]), Fraction(r["aht_seconds"])) for r in records]
    interval = Fraction(a.interval)
    occupancy_capacity = Fraction(a.max_occupancy) * interval if a.max_occupancy else None
    occupancy_capacity_f = float(occupancy_capacity) if occupancy_capacity else 0.0
    keep = 1 - Fraction(a.shrinkage)
    sl, target = float(Fraction(a.sl)), float(Fraction(a.target))

    clock, cpu = time.perf_counter(), time.process_time()
    agents = staff = 0
    answers = []
    for calls, aht in rows:
        n, s = solve(calls, aht, interval, float(interval), sl, target, occupancy_capacity, occupancy_capacity_f, keep, float(keep))
        agents += n
        staff += s
        answers.append((n, s))
    if a.out:
        with open(a.out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["queue", "interval_start", "calls", "aht_seconds", "agents", "staff_with_shrinkage"])
            for r, (n, s) in zip(records, answers):
                w.writerow([r["queue"], r["interval_start"], r["calls"], r["aht_seconds"], n, s])
    elapsed, cpu = time.perf_counter() - clock, time.process_time() - cpu
    print(f"Python staffing.py: {len(rows)} intervals in {elapsed:.3f} s ({elapsed * 1e9 / len(rows):.0f} ns/interval; CPU {cpu:.3f} s); "
          f"sum agents {agents}, sum staff {staff}")


if __name__ == "__main__":
    main()
