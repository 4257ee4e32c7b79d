"""Settings for the browser tests: Debian's Chromium, headless, without the background work
that slows it down or reaches the network."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
