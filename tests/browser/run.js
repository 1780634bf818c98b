// tests/browser/run.js PAGES_DIR SHOTS_DIR - the classroom page's checks in
// a real browser: Debian's Chromium, headless, driven over the DevTools
// protocol by playwright-core (nothing downloaded), started once, with one
// tab, for page-checks.js (keys, fragment, requests, no JavaScript,
// print) and room-checks.js (what a room sees).  PAGES_DIR holds the
// pages they name, made by scripts/ladder.sh --html, and their --tsv
// views.  Prints one line per check, "ok NAME" or "not ok NAME: why", for
// tests/t3100-views-page.sh to turn into TAP, then "# ..." lines with what
// was measured; writes the screenshots that are looked at to SHOTS_DIR.
"use strict";

const { chromium } = require("playwright-core");
const { results, notes } = require("./checks");

const [pagesDir, shotsDir] = process.argv.slice(2);

async function main() {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
	try {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		// every request and every console error the tab makes (fresh()
		// forgets them at each load)
		page.requests = [];
		page.errors = [];
		page.on("request", (request) => page.requests.push(request.url()));
		page.on("console", (message) => {
			if (message.type() === "error") {
				page.errors.push(message.text());
			}
		});
		page.on("pageerror", (error) => page.errors.push(String(error)));
		await require("./page-checks").run(page, pagesDir, shotsDir);
		await require("./room-checks").run(page, pagesDir, shotsDir);
	} finally {
		await browser.close();
	}
}

main().then(() => {
	console.log(results.concat(notes).join("\n"));
}, (error) => {
	console.log(results.concat(notes).join("\n"));
	console.log("not ok the browser: " + String(error.message || error).split("\n")[0]);
});
