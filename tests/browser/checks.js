/* tests/browser/checks.js - what the browser checks share: a check is a
 * named async body that passes, or fails with its first line of error;
 * results collects "ok NAME" and "not ok NAME: WHY" for the test script
 * to read, notes the "# ..." lines with what was measured (run.js prints
 * both; page-checks.js and room-checks.js add to them).  The checks share
 * one tab (a tab, a context: each another renderer process, half a
 * second of CPU to start): fresh() loads a page in it afresh, and
 * withoutScript() runs a body with JavaScript off. */
"use strict";

const results = [];
const notes = [];

async function check(name, body) {
	try {
		await body();
		results.push("ok " + name);
	} catch (error) {
		results.push("not ok " + name + ": " + String(error.message || error).split("\n")[0]);
	}
}

function expect(condition, what) {
	if (!condition) {
		throw new Error(what);
	}
}

// The tab at WHERE, loaded afresh: nothing kept from before (the quiz,
// predict mode and the type size are in localStorage), on screen (after
// print(): page.printing), at
// VIEWPORT (1024x768 unless said), no request or console error recorded yet.
async function fresh(page, where, viewport) {
	const size = viewport || { width: 1024, height: 768 };
	const now = page.viewportSize();
	await page.evaluate(() => localStorage.clear()).catch(() => {});
	if (page.printing) {
		await page.emulateMedia({ media: "screen" });
		page.printing = false;
	}
	if (!now || now.width !== size.width || now.height !== size.height) {
		await page.setViewportSize(size);
	}
	const same = page.url().split("#")[0] === where.split("#")[0];
	page.requests = [];
	page.errors = [];
	await page.goto(where);
	if (same) {
		// only the fragment differs: the document stayed, load it again
		await page.reload();
	}
	return page;
}

// body() with JavaScript off in the tab (as a browser with it off: the
// pages loaded meanwhile run no script); on again after.
async function withoutScript(page, body) {
	const session = await page.context().newCDPSession(page);
	await session.send("Emulation.setScriptExecutionDisabled", { value: true });
	try {
		await body();
	} finally {
		await session.send("Emulation.setScriptExecutionDisabled", { value: false });
		await session.detach();
	}
}

// The tab as printed (emulated; fresh() puts it back on screen).
async function print(page) {
	await page.emulateMedia({ media: "print" });
	page.printing = true;
}

module.exports = { results, notes, check, expect, fresh, print, withoutScript };
