#!/usr/bin/env python3
"""The same batch staffing algorithm as CertDesk.Domain's StaffingSolver, in pure Python (stdlib only), for timing.

Per interval: fewest agents N with Erlang C service level >= sl within target seconds and occupancy <= max; staff =
ceil(N / (1 - shrinkage)). Integer thresholds in exact rational arithmetic (fractions); the search starts at the first
candidate (smallest N above the traffic, or the occupancy bound), gets 1/B(N, A) by summing Poisson terms downward
from N, then steps up one agent at a time with the inverse Erlang B recursion.

Usage: staffing.py FORECAST.csv [--interval 900] [--sl 0.8] [--target 20] [--max-occupancy 0.85] [--shrinkage 0.3]
Prints the time and the sums of agents and staff (to compare with the C# run on the same file).
"""
import argparse
import csv
import math
import time
from fractions import Fraction


def smallest_above(amount, unit):
    """Smallest integer n >= 0 with n * unit > amount (exact)."""
    n = max(0, math.floor(amount / unit))
    while n * unit <= amount:
        n += 1
    return n


def smallest_at_least(amount, unit):
    n = max(0, math.ceil(amount / unit))
    while n > 0 and (n - 1) * unit >= amount:
        n -= 1
    return n


def inverse_erlang_b(n, traffic):
    inv = 1.0 / traffic
    total = term = 1.0
    for k in range(1, n + 1):
        ratio = (n - k + 1) * inv
        term *= ratio
        total += term
        if ratio < 1 and term * ratio <= 1e-17 * (1 - ratio) * total:
            break
    return total


def solve(calls, aht, interval, sl, target, occupancy_capacity, shrink_keep):
    if calls == 0:
        return 0, 0
    workload = calls * aht
    traffic = float(calls) * float(aht) / float(interval)
    start = smallest_above(workload, interval)
    if occupancy_capacity:
        start = max(start, smallest_at_least(workload, occupancy_capacity))
    n = max(1, start)
    inv_traffic = 1.0 / traffic
    x = inverse_erlang_b(n, traffic)
    decay = target / float(aht)
    while True:
        gap = n - traffic
        if gap > 0:
            wait = n / (gap * x + traffic)
            if 1 - wait * math.exp(-gap * decay) >= sl:
                break
        n += 1
        x = 1 + n * inv_traffic * x
    staff = n if shrink_keep == 1 else smallest_at_least(Fraction(n), shrink_keep)
    return n, staff


def main():
    p = argparse.ArgumentParser()
    p.add_argument("forecast")
    p.add_argument("--interval", default="900")
    p.add_argument("--sl", default="0.8")
    p.add_argument("--target", default="20")
    p.add_argument("--max-occupancy", default="0.85")
    p.add_argument("--shrinkage", default="0.3")
    a = p.parse_args()

    with open(a.forecast, newline="", encoding="utf-8-sig") as f:
        rows = [(Fraction(r["calls"]), Fraction(r["aht_seconds"])) for r in csv.DictReader(f)]
    interval = Fraction(a.interval)
    occupancy_capacity = Fraction(a.max_occupancy) * interval if a.max_occupancy else None
    shrink_keep = 1 - Fraction(a.shrinkage)
    sl, target = float(Fraction(a.sl)), float(Fraction(a.target))

    clock = time.perf_counter()
    agents = staff = 0
    for calls, aht in rows:
        n, s = solve(calls, aht, interval, sl, target, occupancy_capacity, shrink_keep)
        agents += n
        staff += s
    elapsed = time.perf_counter() - clock
    print(f"Python staffing.py: {len(rows)} intervals in {elapsed:.3f} s ({elapsed * 1e9 / len(rows):.0f} ns/interval); "
          f"sum agents {agents}, sum staff {staff}")


if __name__ == "__main__":
    main()
