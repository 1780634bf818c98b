// tests/browser/screenshot.js PAGE FRAGMENT PNG - a picture of the classroom
// page at one step, as a projector at 1024x768 shows it, taken by Debian's
// Chromium (playwright-core).  make screenshot makes captures/handshake-page.png.
"use strict";

const path = require("path");
const { chromium } = require("playwright-core");

async function main() {
	const [page, fragment, png] = process.argv.slice(2);
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
	const tab = await browser.newPage({ viewport: { width: 1024, height: 768 } });
	await tab.goto("file://" + path.resolve(page) + fragment);
	await tab.screenshot({ path: png });
	await browser.close();
}

main().catch((error) => {
	console.error("screenshot.js: " + String(error.message || error).split("\n")[0]);
	process.exit(1);
});
