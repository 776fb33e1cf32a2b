#!/usr/bin/env python3
"""serve_browser.py — drives headless Chromium through chromedriver (W3C
WebDriver over loopback HTTP; the standard library only) against a running
`paperdex serve`, as a person would: type a query, see results, click a
facet, open an author and the coauthor graph, open a paper, export BibTeX;
and checks that hostile records stay text.  A screenshot of each step goes
to OUTDIR.

    serve_browser.py URL OUTDIR

Prints "ok - STEP" per step; exits 1 at the first failing check.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

BASE, OUT = sys.argv[1], sys.argv[2]
if not BASE.startswith("http://127.0.0.1:"):
    sys.exit("serve_browser.py: loopback URLs only, not " + BASE)
os.makedirs(OUT, exist_ok=True)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


PORT = free_port()
DRIVER = subprocess.Popen(["chromedriver", "--port=%d" % PORT, "--allowed-ips=127.0.0.1"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
WD = "http://127.0.0.1:%d" % PORT
SESSION = None


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(WD + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"{}").get("value")
    except urllib.error.HTTPError as e:
        v = json.loads(e.read() or b"{}").get("value", {})
        raise RuntimeError("%s %s: %s" % (method, path, v.get("message", e)))


def fail(msg):
    print("not ok - " + msg)
    print("not ok - " + msg, file=sys.stderr)
    shot("failure")
    raise SystemExit(1)


def s(path):
    return "/session/%s%s" % (SESSION, path)


def js(script, *args):
    return call("POST", s("/execute/sync"), {"script": script, "args": list(args)})


def wait_for(what, script, *args, seconds=20):
    """Polls `script` (JS returning a truthy value when ready), bounded."""
    end = time.time() + seconds
    while time.time() < end:
        v = js(script, *args)
        if v:
            return v
        time.sleep(0.1)
    fail("timed out waiting for " + what)


def find(css):
    e = call("POST", s("/element"), {"using": "css selector", "value": css})
    return list(e.values())[0]


def click(css):
    """Clicks the element; when the page re-renders between finding and
    clicking it (results load asynchronously after a back navigation), the
    element goes stale: find it again, a bounded number of times."""
    for attempt in range(20):
        try:
            call("POST", s("/element/%s/click" % find(css)), {})
            return
        except RuntimeError as e:
            if "stale element" not in str(e) or attempt == 19:
                raise
            time.sleep(0.1)


STEP = [0]


def shot(name):
    if SESSION is None:
        return
    try:
        png = base64.b64decode(call("GET", s("/screenshot")))
    except RuntimeError:
        return
    STEP[0] += 1
    with open(os.path.join(OUT, "%02d-%s.png" % (STEP[0], name)), "wb") as f:
        f.write(png)


def ok(msg, name):
    shot(name)
    print("ok - " + msg)


def main():
    global SESSION
    end = time.time() + 30
    while True:
        try:
            if call("GET", "/status").get("ready"):
                break
        except (OSError, RuntimeError):
            pass
        if time.time() > end:
            fail("chromedriver did not start")
        time.sleep(0.1)
    caps = {"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": {"browser": "ALL"},
        "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                        "--disable-dev-shm-usage", "--window-size=1280,900",
                                        "--no-first-run", "--disable-extensions"]}}}}
    r = call("POST", "/session", caps)
    SESSION = r["sessionId"]

    call("POST", s("/url"), {"url": BASE + "/"})
    wait_for("the home page", "return document.querySelector('.intro h1') !== null")
    wait_for("the paper count", "return /papers by/.test(document.getElementById('status').textContent)")
    ok("the home page loads and counts the papers", "home")

    # type a query: results come without pressing Enter
    call("POST", s("/element/%s/value" % find("#q")), {"text": "attention"})
    wait_for("results as you type", "return document.querySelectorAll('.hit').length >= 3")
    wait_for("the query in the URL", "return location.search.includes('q=attention')")
    st = js("return document.getElementById('status').textContent")
    if "papers" not in st:
        fail("the status says how many papers: " + st)
    if not js("return document.querySelectorAll('.hit mark').length > 0"):
        fail("snippets highlight the query word")
    if not js("return document.querySelector('svg.hist rect') !== null"):
        fail("a year histogram is drawn")
    ok("typing a query shows highlighted results, a total and a histogram", "results")

    click("button[data-facet='category']")
    wait_for("a category filter", "return location.search.includes('category=')")
    wait_for("the filter chip", "return document.querySelector('.chip') !== null")
    cat = js("return new URLSearchParams(location.search).get('category')")
    cats = js("return [...document.querySelectorAll('.hit .meta')].map(e => e.textContent)")
    if not cats or not all(cat.lower() in c.lower() for c in cats):
        fail("every hit is in category %s: %s" % (cat, cats))
    ok("clicking a category facet filters the results", "facet")

    # the back button undoes the facet
    call("POST", s("/back"), {})
    wait_for("the unfiltered results", "return !location.search.includes('category=') && "
             "document.querySelector('.chip') === null && document.querySelectorAll('.hit').length >= 3")
    ok("the back button returns to the unfiltered results", "back")

    # sort by date through the select, as a keyboard user would change it
    js("const s = document.getElementById('sort'); s.value = 'date'; "
       "s.dispatchEvent(new Event('change'))")
    wait_for("the date order", "return location.search.includes('sort=date') && "
             "document.getElementById('sort').value === 'date'")
    years = wait_for("hits in date order", "const y = [...document.querySelectorAll('.hit .meta')]"
                     ".map(e => +(e.textContent.match(/ · (\\d{4})/)||[])[1]); "
                     "return y.length >= 3 && y.every((v, i) => !i || y[i-1] >= v) ? y : null")
    ok("sorting by date puts the newest first: %s" % years, "sorted")
    call("POST", s("/back"), {})
    wait_for("relevance order again", "return !location.search.includes('sort=date')")

    click("a[href*='view=author'][href*='Ada']")
    wait_for("the coauthor graph", "return document.querySelectorAll('svg.graph a').length >= 3")
    h1 = js("return document.querySelector('.author h1').textContent")
    if h1 != "Ada Lovelace":
        fail("the author page is Ada Lovelace's: " + h1)
    if "A. Lovelace" not in js("return (document.querySelector('.variants')||{}).textContent||''"):
        fail("the variant A. Lovelace is listed")
    ok("an author page shows papers by year and the coauthor graph", "author")

    click("svg.graph a[aria-label^='Mary Somerville']")
    wait_for("Mary Somerville's page",
             "return (document.querySelector('.author h1')||{}).textContent === 'Mary Somerville'")
    ok("clicking a graph node opens that author", "coauthor")

    click(".hit h3 a")
    wait_for("a paper page", "return document.querySelector('article.paper h1') !== null")
    if not js("return document.querySelectorAll('.similar .hit').length >= 1"):
        fail("the paper page lists similar papers")
    ok("a paper page shows its fields and similar papers", "paper")

    click("button[data-format='bibtex']")
    wait_for("the BibTeX", "const p = document.getElementById('export'); "
             "return p && !p.hidden && /^@\\w+\\{/.test(p.textContent)")
    ok("the BibTeX button shows the citation", "bibtex")

    call("POST", s("/url"), {"url": BASE + "/?view=paper&id=sv-01"})
    wait_for("the arXiv link", "return [...document.querySelectorAll('a')].some("
             "a => a.href === 'https://arxiv.org/abs/2101.00001')")
    ok("a paper with an arXiv id links to arxiv.org", "arxiv")

    call("POST", s("/url"), {"url": BASE + "/?q=atention"})
    wait_for("a suggestion", "return document.querySelector('.suggest a') !== null")
    click(".suggest a")
    wait_for("the corrected search", "return new URLSearchParams(location.search).get('q') === "
             "'attention' && document.querySelectorAll('.hit').length >= 3")
    ok("'did you mean' offers the right spelling and searches it", "suggestion")

    call("POST", s("/url"), {"url": BASE + "/?year=2018..2024"})
    wait_for("a first page of ten", "return document.querySelectorAll('.hit').length === 10")
    click(".pager a")
    wait_for("the second page", "return location.search.includes('page=2') && "
             "document.querySelector('ol.hits').getAttribute('start') === '11' && "
             "document.querySelectorAll('.hit').length >= 1")
    ok("paging goes to the second page", "page2")

    # hostile records: markup stays text, nothing runs
    call("POST", s("/url"), {"url": BASE + "/?q=hostile+OR+override+OR+ANSI"})
    wait_for("the hostile results", "return document.querySelectorAll('.hit').length >= 2")
    titles = js("return [...document.querySelectorAll('.hit h3')].map(e => e.textContent)")
    if not any("<script>alert('pwned-title')</script>" in t for t in titles):
        fail("a <script> title is shown as text: %s" % titles)
    if js("return document.querySelectorAll('.hit script, .hit img, .hit svg, .hit b').length") != 0:
        fail("no element came from a record's text")
    if js("return window.__pwned === true"):
        fail("no script of a record ran")
    try:
        text = call("GET", s("/alert/text"))
        fail("no alert is open, but one says " + str(text))
    except RuntimeError:
        pass
    ok("hostile titles and authors are shown as text and run nothing", "hostile")

    click(".hit h3 a")
    wait_for("the hostile paper", "return document.querySelector('article.paper h1') !== null")
    hrefs = js("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    if any(h and h.strip().lower().startswith("javascript:") for h in hrefs):
        fail("no javascript: link: %s" % hrefs)
    ok("a hostile paper page has no javascript: link", "hostile-paper")

    call("POST", s("/window/rect"), {"width": 390, "height": 844})
    call("POST", s("/url"), {"url": BASE + "/?q=attention&category=cs.CL"})
    wait_for("results on a phone", "return document.querySelectorAll('.hit').length >= 1")
    if js("return document.documentElement.scrollWidth > window.innerWidth + 1"):
        fail("the page fits a phone's width")
    ok("the results fit a phone's width", "phone")

    logs = call("POST", s("/se/log"), {"type": "browser"}) or []
    bad = [l["message"] for l in logs if l.get("level") == "SEVERE"
           and "favicon" not in l["message"] and "/api/" not in l["message"]]
    if bad:
        fail("no error in the browser console (CSP, script): %s" % bad)
    print("ok - the browser console has no errors")


try:
    main()
finally:
    if SESSION:
        try:
            call("DELETE", "/session/" + SESSION)
        except (OSError, RuntimeError):
            pass
    DRIVER.terminate()
    DRIVER.wait(timeout=30)
