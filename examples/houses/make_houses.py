"""Writes houses.csv and new_houses.csv: made-up house sales for the houses example.

Mixed columns as a user's own file has them: an id, numbers, two text columns and a few
missing values. new_houses.csv holds houses to price: its columns in another order, no price,
a region the sales never had ("west") and a missing age. Run from this folder:
    python3 make_houses.py
The same files come out every time (a fixed seed, fixed formatting).
"""
import random

REGIONS = {"north": 60000, "east": 25000, "south": 0}
WEST = 40000


def house(rng, number, region):
    sqft = rng.randint(40, 260)
    rooms = rng.randint(1, 6)
    age = rng.randint(0, 90)
    garage = rng.choice(["yes", "no"])
    price = (
        90000 + 1400 * sqft + 15000 * rooms - 700 * age
        + REGIONS.get(region, WEST) + (20000 if garage == "yes" else 0) + rng.gauss(0, 12000)
    )
    return {
        "house_id": f"H{number:05d}", "sqft": str(sqft), "rooms": str(rooms),
        "age": "" if rng.random() < 0.04 else str(age), "region": region, "garage": garage,
        "price": f"{price:.0f}",
    }


def write(path, columns, rows):
    with open(path, "w", newline="\n") as out:
        out.write(",".join(columns) + "\n")
        for row in rows:
            out.write(",".join(row[c] for c in columns) + "\n")


rng = random.Random(2026)
sales = [house(rng, n, rng.choice(sorted(REGIONS))) for n in range(1, 401)]
write("houses.csv", ["house_id", "sqft", "rooms", "age", "region", "garage", "price"], sales)
new = [house(rng, n, "west" if n % 4 == 0 else rng.choice(sorted(REGIONS))) for n in range(501, 513)]
new[2]["age"] = ""
write("new_houses.csv", ["region", "garage", "age", "house_id", "rooms", "sqft"], new)
