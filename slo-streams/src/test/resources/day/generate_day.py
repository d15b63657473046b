#!/usr/bin/env python3
"""Writes results.jsonl: one scripted day (2030-03-10 UTC) of PromptResults for DayReplayTest.

The day, by the hour (event time = completed_at):
  00-06  night: one request every 5 minutes, one FAILED at 03:00 (low traffic must not page)
  06-22  day: 7 requests a minute over 3 tenants, 3 features, 2 providers, with cache hits,
         failovers, REJECTED budget decisions and a 0.2% background of failures
  09:00-09:24  latency incident: 60% of requests take 3-6 s      (p95_latency pages at 09:15)
  12:00-12:09  outage: 60% of requests FAILED                     (success_rate, burn rates)
  14:00-14:02  a 3-minute dip at 20% failures                     (too short for success_rate)
  16:00-16:19  cost spike: feature legal at $0.06 a request       (avg_cost)
  18:00-18:29  slow BATCH lane traffic (60 s)                     (kept out of the latency objective)
  22-24  night again
One result at 13:30 arrives two minutes late (its line is out of order): it is counted as late.
Run: python3 generate_day.py > results.jsonl (seeded: the output never changes).
"""
import json
import math
import random

rnd = random.Random(20300310)
DAY = 1899331200000  # 2030-03-10T00:00:00Z
MIN = 60_000
lines = []
n = 0


def result(t, tenant="acme", feature="chat", status="SUCCESS", provider="primary", latency=None,
           queue=None, cost=None, lane="INTERACTIVE", cache="MISS", failover=False):
    global n
    n += 1
    latency = latency if latency is not None else int(math.exp(rnd.gauss(6.2, 0.45)))
    queue = queue if queue is not None else rnd.randint(0, 40)
    cost = cost if cost is not None else round(rnd.uniform(0.001, 0.008), 6)
    r = {"request_id": "day-%05d" % n, "tenant_id": tenant, "feature": feature, "lane": lane, "status": status,
         "provider": provider, "cache": cache, "cost_usd": cost, "latency_ms": latency, "queue_ms": queue,
         "created_at": t - latency - queue, "completed_at": t}
    if failover:
        r["attempts"] = [{"provider": "primary", "outcome": "SERVER_ERROR", "http_status": 503, "latency_ms": 120},
                         {"provider": provider, "outcome": "OK", "http_status": 200, "latency_ms": latency - 120}]
    if status == "REJECTED":
        r["provider"] = None
        r["cost_usd"] = 0.0
        r["error"] = {"code": "BUDGET_EXCEEDED", "message": "tenant budget exhausted"}
    if status == "FAILED":
        r["error"] = {"code": "PROVIDER_ERROR", "message": "every provider failed"}
    return r


for m in range(24 * 60):
    start = DAY + m * MIN
    hour = m // 60
    if hour < 6 or hour >= 22:
        if m % 5 == 0:
            lines.append(result(start + 20_000, status="FAILED" if m == 180 else "SUCCESS"))
        continue
    per_minute = 7
    for i in range(per_minute):
        t = start + i * (MIN // per_minute) + rnd.randint(0, 3000)
        kw = {"tenant": rnd.choice(["acme", "acme", "globex", "initech"]),
              "feature": rnd.choice(["chat", "chat", "summarize", "legal"])}
        roll = rnd.random()
        if roll < 0.05:
            kw.update(provider="secondary", failover=True, cost=round(rnd.uniform(0.004, 0.012), 6))
        elif roll < 0.10:
            kw.update(cache="HIT", latency=rnd.randint(5, 30), cost=0.0)
        elif roll < 0.12:
            kw.update(status="REJECTED", latency=rnd.randint(1, 5))
        if rnd.random() < 0.002:
            kw["status"] = "FAILED"
        if 9 * 60 <= m < 9 * 60 + 25 and rnd.random() < 0.6:
            kw["latency"] = rnd.randint(3000, 6000)
        if 12 * 60 <= m < 12 * 60 + 10 and rnd.random() < 0.6:
            kw["status"] = "FAILED"
        if 14 * 60 <= m < 14 * 60 + 3 and i < 2:
            kw["status"] = "FAILED"
        if 16 * 60 <= m < 16 * 60 + 20:
            kw.update(feature="legal", cost=0.06)
        lines.append(result(t, **kw))
    if 18 * 60 <= m < 18 * 60 + 30:
        lines.append(result(start + 30_000, lane="BATCH", latency=60_000, tenant="initech", feature="summarize"))
    if m == 13 * 60 + 32:
        lines.append(result(DAY + (13 * 60 + 30) * MIN + 5_000, tenant="globex"))

for r in lines:
    print(json.dumps(r, separators=(",", ":")))
