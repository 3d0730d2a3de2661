#!/usr/bin/python3
"""Perplexity against wall time for several run folders, as one SVG (standard library only).

Reads each run's metrics.jsonl (the same file the studio's dashboard follows). `validation`: a validation
line has the step, the time comes from the training-step line before it. `training`: exp of the training
loss, smoothed with TensorBoard's debiased exponential moving average (0.98), as the dashboard draws it.
Used for the default model's card:

  docs/tools/plot_perplexity.py validation|training OUT.svg NAME=RUN_FOLDER [NAME=RUN_FOLDER ...]
  rsvg-convert OUT.svg -o OUT.png
"""
import json
import math
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
W, H, L, R, T, B = 760, 420, 70, 200, 30, 50


def curve(folder, metric):
    elapsed, points, ema, n = 0.0, [], 0.0, 0
    with open(folder + "/metrics.jsonl") as f:
        for line in f:
            try:
                d = json.loads(line)
            except ValueError:
                continue  # a half-written last line
            if d.get("event") == "step":
                elapsed = d["elapsed"]
                if metric == "training":
                    n += 1
                    ema = 0.98 * ema + 0.02 * d["loss"]
                    points.append((elapsed / 60.0, math.exp(ema / (1 - 0.98 ** n))))
            elif d.get("event") == "validation" and metric == "validation":
                points.append((elapsed / 60.0, d["perplexity"]))
    return points


def main():
    metric, out, runs = sys.argv[1], sys.argv[2], [a.split("=", 1) for a in sys.argv[3:]]
    curves = [(name, curve(folder, metric)) for name, folder in runs]
    xmax = max(x for _, c in curves for x, _ in c)
    ys = [y for _, c in curves for _, y in c]
    ylo, yhi = math.log10(min(ys)), math.log10(max(ys))
    sx = lambda x: L + (W - L - R) * x / xmax
    sy = lambda y: T + (H - T - B) * (yhi - math.log10(y)) / (yhi - ylo)
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>']
    for p in range(int(math.floor(ylo)), int(math.ceil(yhi)) + 1):
        for m in (1, 2, 5):
            v = m * 10 ** p
            if ylo <= math.log10(v) <= yhi:
                s.append(f'<line x1="{L}" x2="{W-R}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="#ddd"/>'
                         f'<text x="{L-6}" y="{sy(v)+4:.1f}" text-anchor="end">{v:g}</text>')
    for t in range(0, int(xmax) + 1):
        s.append(f'<line x1="{sx(t):.1f}" x2="{sx(t):.1f}" y1="{T}" y2="{H-B}" stroke="#eee"/>'
                 f'<text x="{sx(t):.1f}" y="{H-B+16}" text-anchor="middle">{t}</text>')
    s.append(f'<text x="{(W-R+L)/2}" y="{H-10}" text-anchor="middle">minutes of training</text>')
    s.append(f'<text x="16" y="{(H-B+T)/2}" text-anchor="middle" transform="rotate(-90 16 {(H-B+T)/2})">'
             f'{metric} perplexity (log scale)</text>')
    for i, (name, c) in enumerate(curves):
        col = COLOURS[i % len(COLOURS)]
        pts = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in c)
        s.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="2"/>')
        s.append(f'<line x1="{W-R+12}" x2="{W-R+32}" y1="{T+10+i*20}" y2="{T+10+i*20}" stroke="{col}" stroke-width="3"/>'
                 f'<text x="{W-R+38}" y="{T+14+i*20}">{name}</text>')
    s.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(s))


if __name__ == "__main__":
    main()
