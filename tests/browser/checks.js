/* tests/browser/checks.js - what the browser checks share: a check is a
 * named async body that passes, or fails with its first line of error;
 * results collects "ok NAME" and "not ok NAME: WHY" for the test script
 * to read (page-checks.js, room-checks.js). */
"use strict";

const results = [];

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

module.exports = { results, check, expect };
