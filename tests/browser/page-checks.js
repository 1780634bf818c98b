// tests/browser/page-checks.js - the classroom page in a real browser (run.js
// starts it and lends its tab): the keys, the fragment, predict mode's
// score, no request and no console error, no horizontal scrolling, + and
// -, the page without JavaScript and in print.  PAGES_DIR holds
// handshake.html and lost-ack.html, made by scripts/ladder.sh --html.
"use strict";

const path = require("path");
const { check, expect, fresh, print, withoutScript } = require("./checks");

// What the page shows: the fragment, packets drawn, explanations shown.
async function shown(page) {
	return page.evaluate(() => ({
		hash: location.hash,
		drawn: [...document.querySelectorAll("#ladder .packet")]
			.filter((g) => getComputedStyle(g).visibility !== "hidden").length,
		explained: [...document.querySelectorAll("#packets li")]
			.filter((li) => getComputedStyle(li).display !== "none").map((li) => li.id),
		lit: [...document.querySelectorAll("#states [data-lit]")].length,
		score: document.getElementById("score").textContent,
	}));
}

async function run(page, pagesDir, shotsDir) {
	const url = (name, fragment) => "file://" + path.resolve(pagesDir, name) + (fragment || "");

	await check("keys step forward and back and update the fragment", async () => {
		await fresh(page, url("handshake.html", "#0"));
		const steps = [["ArrowRight", 1], ["Space", 2], ["PageDown", 3], ["Enter", 4],
			["ArrowLeft", 3], ["PageUp", 2], ["Backspace", 1], ["End", 8], ["Home", 0]];
		for (const [key, want] of steps) {
			await page.keyboard.press(key);
			const now = await shown(page);
			expect(now.hash === "#" + want, key + " gave " + now.hash + ", not #" + want);
			expect(now.drawn === want, key + ": " + now.drawn + " packets drawn, not " + want);
			expect(now.explained.length === 1 && now.explained[0] === "step-" + want,
				key + ": explained " + now.explained.join(" "));
		}
		expect(page.errors.length === 0, "console: " + page.errors.join("; "));
	});

	await check("#k opens at k, with both current states lit", async () => {
		await fresh(page, url("handshake.html", "#5"));
		const now = await shown(page);
		expect(now.drawn === 5 && now.explained[0] === "step-5", JSON.stringify(now));
		expect(now.lit === 2, "one lit state a side: " + now.lit + " lit");
		await page.goto(url("handshake.html", "#1"));
		const first = await shown(page);
		expect(first.lit === 2, "SYN_SENT and SYN_RCVD: " + first.lit + " lit");
		await page.goto(url("handshake.html", "#4"));
		await page.screenshot({ path: path.join(shotsDir, "handshake-4.png") });
	});

	await check("predict mode counts right and wrong answers", async () => {
		await fresh(page, url("handshake.html", "#0"));
		await page.keyboard.press("p");
		await page.keyboard.press("ArrowRight");
		expect(await page.isVisible("#question"), "no question before packet 1");
		expect((await shown(page)).drawn === 0, "packet 1 shown before the answer");
		const kinds = await page.$$eval("#choices [data-answer]", (b) => b.map((x) => x.getAttribute("data-answer")));
		expect(kinds.includes("client SYN") && kinds.includes("server SYN-ACK"),
			"choices: " + kinds.join(", "));
		await page.click("#choices [data-answer='client SYN']");
		await page.keyboard.press("ArrowRight");
		expect((await shown(page)).drawn === 1, "packet 1 not shown after the answer");
		await page.keyboard.press("ArrowRight");
		await page.click("#choices [data-answer='client SYN']");
		const now = await shown(page);
		expect(now.score === "right 1, wrong 1", "score: " + now.score);
		expect(page.errors.length === 0, "console: " + page.errors.join("; "));
	});

	await check("the page makes no request but itself and logs no error", async () => {
		for (const name of ["handshake.html", "lost-ack.html"]) {
			await fresh(page, url(name, "#3"));
			await page.keyboard.press("End");
			const others = page.requests.filter((r) => r.split("#")[0] !== url(name));
			expect(others.length === 0, name + " requested " + others.join(" "));
			expect(page.errors.length === 0, name + ": " + page.errors.join("; "));
		}
	});

	await check("no horizontal scrolling at 1024x768 and 1920x1080; the handshake fits", async () => {
		for (const name of ["handshake.html", "lost-ack.html"]) {
			await fresh(page, url(name, "#4"));
			for (const viewport of [{ width: 1024, height: 768 }, { width: 1920, height: 1080 }]) {
				await page.setViewportSize(viewport);
				const size = await page.evaluate(() => ({
					width: document.documentElement.scrollWidth,
					height: document.documentElement.scrollHeight,
				}));
				const at = name + " at " + viewport.width + "x" + viewport.height;
				expect(size.width <= viewport.width, at + ": " + size.width + " px wide");
				if (name === "handshake.html") {
					expect(size.height <= viewport.height, at + ": " + size.height + " px high");
				}
				if (viewport.width === 1920 && name === "lost-ack.html") {
					await page.screenshot({ path: path.join(shotsDir, "lost-ack-1920.png") });
				}
			}
		}
	});

	await check("+ and - change the type size", async () => {
		await fresh(page, url("handshake.html", "#2"));
		const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
		const before = await size();
		await page.keyboard.press("+");
		const larger = await size();
		await page.keyboard.press("-");
		await page.keyboard.press("-");
		const smaller = await size();
		expect(larger > before && smaller < before, before + " -> " + larger + " -> " + smaller);
	});

	await check("without JavaScript every packet and explanation is shown", async () => {
		await withoutScript(page, async () => {
			for (const name of ["handshake.html", "lost-ack.html"]) {
				await fresh(page, url(name, "#2"));
				const all = await page.evaluate(() => ({
					items: document.querySelectorAll("#packets li").length,
					shown: [...document.querySelectorAll("#packets li")]
						.filter((li) => getComputedStyle(li).display !== "none").length,
					groups: document.querySelectorAll("#ladder .packet").length,
					drawn: [...document.querySelectorAll("#ladder .packet")]
						.filter((g) => getComputedStyle(g).visibility !== "hidden").length,
					fields: document.querySelectorAll("#packets dd").length,
					js: document.documentElement.classList.contains("js"),
				}));
				expect(!all.js, name + ": its script ran");
				expect(all.shown === all.items && all.drawn === all.groups && all.fields > all.groups,
					name + ": " + JSON.stringify(all));
			}
		});
	});

	await check("printing shows the whole ladder with every explanation", async () => {
		await fresh(page, url("handshake.html", "#1"));
		await print(page);
		const all = await page.evaluate(() => [...document.querySelectorAll("#packets li")]
			.filter((li) => getComputedStyle(li).display === "none").length +
			[...document.querySelectorAll("#ladder .packet")]
				.filter((g) => getComputedStyle(g).visibility === "hidden").length);
		expect(all === 0, all + " packets or explanations hidden in print");
	});
}

module.exports = { run };
