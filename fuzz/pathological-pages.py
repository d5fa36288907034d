#!/usr/bin/env python3
"""Writes the pathological pages timed in docs/RELIABILITY.md into the folder given (never
into the repository): python3 fuzz/pathological-pages.py /tmp/patho"""
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(7)
PARA = ("<p>The council voted on Tuesday to extend the riverside tram line by four kilometres, "
        "ending a debate that had run for most of the decade, and divided the parties.</p>\n")
ARTICLE = "<article><h1>Tram line</h1>" + PARA * 12 + "</article>"


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


write("empty.html", "")
write("no-text.html", "<html><body>" + "<div><span></span><img src=a.jpg></div>" * 1000 + "</body></html>")
write("deep-100k.html", "<div>" * 100_000 + "x" + "</div>" * 100_000)
write("deep-700-article.html", "<div>" * 700 + ARTICLE + "</div>" * 700)
write("deep-512-wide-24mb.html", "<div>" * 512 + "<p>x</p>" * 3_000_000)
write("unclosed-b-100k.html", "<b>" * 100_000 + "x")
write("elements-1m-br.html", ARTICLE + "<br>" * 1_000_000)
write("elements-1m-p.html", "<p>x</p>" * 1_000_000)
write("siblings-100k-li.html", ARTICLE + "<ul>" + "<li>item" * 100_000 + "</ul>")
write("article-30mb.html", "<html><body><article><h1>Long read</h1>" + PARA * 170_000 + "</article></body></html>")
write("frameset.html", "<html><frameset cols='50%,50%'><frame src=a.html><frame src=b.html></frameset></html>")
write("svg-only.html", "<svg>" + "<g><text>label words here, and more</text><path d='M0 0L1 1'/></g>" * 20_000 + "</svg>")
write("table-layout.html", "<table>" + ("<tr><td><a href=/x>nav</a></td><td><font>" + PARA * 3 + "</font></td></tr>") * 2000 + "</table>")
bad = bytearray((ARTICLE * 200).encode())
for _ in range(5000):
    bad[rng.randrange(len(bad))] = rng.choice([0xff, 0xfe, 0xc3, 0x80, 0xe2, 0x00])
write("invalid-utf8.html", bytes(bad))
write("binary-10mb.bin", bytes(rng.getrandbits(8) for _ in range(10_000_000)))
