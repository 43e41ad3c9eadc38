"""Writes Sources/NNCore/Data/Bundled/sunspots.csv: the yearly sunspot numbers statsmodels ships.

The data are public domain (see Bundled/README.md for their origin). Run once, from the
repository's root, with statsmodels installed:
    python3 -m venv /tmp/sm && /tmp/sm/bin/pip install statsmodels
    /tmp/sm/bin/python scripts/extract-sunspots.py
Values are written as statsmodels holds them (one decimal), so the file comes out the same
every time.
"""
import csv
import pathlib

from statsmodels.datasets import sunspots

OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/NNCore/Data/Bundled/sunspots.csv"

data = sunspots.load_pandas().data
with OUT.open("w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["YEAR", "SUNACTIVITY"])
    for year, activity in zip(data["YEAR"], data["SUNACTIVITY"]):
        writer.writerow([f"{year:.0f}", f"{activity:g}"])
print(f"{OUT}: {len(data)} years, {data['YEAR'].min():.0f} to {data['YEAR'].max():.0f}")
