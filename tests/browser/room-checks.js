// tests/browser/room-checks.js PAGES_DIR SHOTS_DIR - the classroom page as a
// room sees it, measured in Debian's Chromium (playwright-core): PAGES_DIR
// holds handshake.html, lost-data.html and refused.html (ladder.sh --html)
// and their --tsv views (handshake.tsv ...).  At 1024x768, 1280x720 and
// 1920x1080: the smallest rendered text (an SVG text's font size times its
// screen matrix; an HTML text's computed size); on every step, stepping and
// in predict mode, that the page does not scroll and that what carries
// aria-current="step" or data-lit is wholly on screen; that the lit states
// are --tsv's client and server; that predict mode shows no future and the
// keys 1-9 answer.  Prints "ok NAME" or "not ok NAME: why" a check, and
// "# ..." lines with the numbers measured; screenshots go to SHOTS_DIR.
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const [pagesDir, shotsDir] = process.argv.slice(2);
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const lessons = ["handshake", "lost-data", "refused"];
const sizes = [[1024, 768], [1280, 720], [1920, 1080]];

function url(name, fragment) {
	return "file://" + path.resolve(pagesDir, name + ".html") + (fragment || "");
}

const { results, check, expect } = require("./checks");
const notes = [];

// --tsv's rows: each packet's client and server states (the last of each).
function tsv(name) {
	const lines = fs.readFileSync(path.join(pagesDir, name + ".tsv"), "utf8").trim().split("\n");
	const head = lines[0].split("\t");
	return lines.slice(1).map((line) => {
		const f = line.split("\t");
		const last = (s) => s.split(" ").pop();
		return { client: last(f[head.indexOf("client")]), server: last(f[head.indexOf("server")]) };
	});
}

// The smallest text on screen, in px: each visible text node's element.
function smallest() {
	let least = Infinity;
	let where = "";
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		if (!node.textContent.trim()) {
			continue;
		}
		const el = node.parentElement;
		if (el.closest("script, style, title, [hidden]")) {
			continue;
		}
		const style = getComputedStyle(el);
		const rects = [...(el.getClientRects ? el.getClientRects() : [])];
		if (style.visibility === "hidden" || style.display === "none" || rects.length === 0 ||
			rects.every((r) => r.width === 0 || r.height === 0)) {
			continue;
		}
		let size = parseFloat(style.fontSize);
		if (el instanceof SVGElement) {
			size *= el.getScreenCTM().a;
		}
		if (size < least) {
			least = size;
			where = el.tagName + " " + node.textContent.trim().slice(0, 20);
		}
	}
	return { least, where };
}

// What is current or lit and not wholly on screen, and whether the page scrolls.
function offScreen() {
	const w = innerWidth;
	const h = innerHeight;
	const out = [];
	const marked = document.querySelectorAll("[aria-current=step], [data-lit]");
	for (const el of marked) {
		let r = el.getBoundingClientRect();
		if (el.closest("#packets")) {
			// an explanation: its heading, who and states lines, and its "more"
			const parts = el.querySelectorAll("h2, p, summary");
			const last = parts[parts.length - 1].getBoundingClientRect();
			r = { left: r.left, top: r.top, right: r.right, bottom: last.bottom };
		}
		// and inside what scrolls it
		let inside = true;
		for (let p = el.parentElement; p; p = p.parentElement) {
			if (p.scrollHeight > p.clientHeight && /auto|scroll|hidden/.test(getComputedStyle(p).overflowY)) {
				const b = p.getBoundingClientRect();
				if (r.top < b.top - 1 || r.bottom > b.bottom + 1) {
					inside = false;
				}
			}
		}
		if (r.left < 0 || r.top < 0 || r.right > w + 0.5 || r.bottom > h + 0.5 || !inside) {
			out.push((el.getAttribute("data-lit") || el.getAttribute("data-step")) +
				" at " + Math.round(r.top) + ".." + Math.round(r.bottom));
		}
	}
	const lit = {};
	for (const el of document.querySelectorAll("[data-lit]")) {
		lit[el.getAttribute("data-lit")] = (lit[el.getAttribute("data-lit")] || []).concat(el.getAttribute("data-state"));
	}
	return {
		out,
		lit,
		current: document.querySelectorAll("[aria-current=step]").length,
		scrolls: document.documentElement.scrollHeight > h || document.documentElement.scrollWidth > w,
	};
}

async function main() {
	const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });

	await check("the smallest text is 16 px or more at 1024x768, 1.3 times that at 1920x1080", async () => {
		const least = {};
		for (const [width, height] of sizes) {
			const context = await browser.newContext({ viewport: { width, height } });
			const page = await context.newPage();
			least[width] = Infinity;
			for (const name of lessons) {
				for (const fragment of ["#0", "#2", "#9"]) {
					await page.goto(url(name, fragment));
					const s = await page.evaluate(smallest);
					if (s.least < least[width]) {
						least[width] = s.least;
						least[width + "where"] = name + fragment + ": " + s.where;
					}
				}
				await page.goto(url(name, "#1"));
				await page.keyboard.press("p");
				await page.keyboard.press("ArrowRight");
				const s = await page.evaluate(smallest);
				least[width] = Math.min(least[width], s.least);
				await page.keyboard.press("p");
			}
			notes.push("# smallest text at " + width + "x" + height + ": " + least[width].toFixed(1) +
				" px (" + least[width + "where"] + ")");
			await context.close();
		}
		expect(least[1024] >= 16, "at 1024x768: " + least[1024].toFixed(1) + " px, " + least["1024where"]);
		expect(least[1920] >= 1.3 * least[1024], "at 1920x1080: " + least[1920].toFixed(1) + " px");
	});

	await check("on every step, stepping and predicting, the page does not scroll and what is current and lit is on screen", async () => {
		for (const [width, height] of sizes) {
			const context = await browser.newContext({ viewport: { width, height } });
			const page = await context.newPage();
			for (const name of lessons) {
				const rows = tsv(name);
				for (const predict of [false, true]) {
					await page.goto(url(name, "#0"));
					await page.evaluate(() => localStorage.clear());
					await page.reload();
					if (predict) {
						await page.keyboard.press("p");
					}
					for (let k = 0; k <= rows.length; k++) {
						const at = name + (predict ? " predicting" : "") + " at " + width + "x" + height + " #" + k;
						const now = await page.evaluate(offScreen);
						expect(!now.scrolls, at + ": the page scrolls");
						expect(now.out.length === 0, at + ": off screen: " + now.out.join(", "));
						expect(now.current === (k === 0 ? 1 : 2), at + ": " + now.current + " current");
						if (k > 0) {
							const want = rows[k - 1];
							expect(JSON.stringify(now.lit.client) === JSON.stringify([want.client]) &&
								JSON.stringify(now.lit.server) === JSON.stringify([want.server]),
								at + ": lit " + JSON.stringify(now.lit) + ", --tsv " + JSON.stringify(want));
						}
						if (predict && k < rows.length) {
							await page.keyboard.press("ArrowRight");
							const asked = await page.evaluate(offScreen);
							expect(!asked.scrolls && asked.out.length === 0,
								at + " asked: " + asked.out.join(", ") + (asked.scrolls ? " scrolls" : ""));
							if (width === 1024 && k === 1) {
								await page.screenshot({ path: path.join(shotsDir, name + "-predict.png") });
							}
							await page.keyboard.press("1");
						}
						if (width === 1024 && !predict && (k === 2 || k === rows.length)) {
							await page.screenshot({ path: path.join(shotsDir, name + "-" + k + ".png") });
						}
						await page.keyboard.press("ArrowRight");
					}
				}
			}
			await context.close();
		}
	});

	await check("predict mode shows no future; 1-9 answer; the score survives a reload", async () => {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		for (const name of lessons) {
			const rows = tsv(name);
			await page.goto(url(name, "#0"));
			await page.evaluate(() => localStorage.clear());
			await page.reload();
			await page.keyboard.press("p");
			const text = await page.evaluate(() => document.body.innerText);
			const giveaways = [/\d+ packets/, /nothing (on|listens)/, /\(reset\)/, /RST/, /closed \(FIN\)/,
				/ us\b/, / ms\b/, /TIME_WAIT ->/].filter((re) => re.test(text));
			expect(giveaways.length === 0, name + " at #0 shows " + giveaways.join(" "));
			await page.keyboard.press("ArrowRight");
			const answers = await page.$$eval("#choices [data-answer]", (b) => b.map((x) => x.getAttribute("data-answer")));
			expect(answers.length >= 5 && answers.includes("server SYN-ACK") && answers.includes("client SYN"),
				name + ": " + answers.join(", "));
			const drawn = await page.evaluate(() => [...document.querySelectorAll("#ladder [data-step]")]
				.filter((g) => g.getAttribute("data-step") !== "0" && getComputedStyle(g).visibility !== "hidden").length);
			expect(drawn === 0, name + ": " + drawn + " packets drawn before the answer");
			await page.keyboard.press("1");
			const verdict = await page.textContent("#verdict");
			expect(/^(Right|No)/.test(verdict), name + ": 1 gave no verdict");
			await page.keyboard.press("ArrowRight");
			await page.keyboard.press("ArrowRight");
			await page.keyboard.press("2");
			const score = await page.textContent("#score");
			expect(/^right \d, wrong \d$/.test(score) && rows.length > 1, name + ": score " + score);
			await page.reload();
			const again = await page.textContent("#score");
			expect(again === score, name + ": after a reload " + again + ", not " + score);
		}
		await context.close();
	});

	await check("+ and - scale the ladder and the panel, and the size survives a reload", async () => {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		await page.goto(url("handshake", "#3"));
		await page.evaluate(() => localStorage.clear());
		await page.reload();
		const sizes = () => page.evaluate(() => {
			const t = document.querySelector("#ladder text");
			return [parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
				parseFloat(getComputedStyle(document.querySelector("#packets .current h2")).fontSize)];
		});
		const before = await sizes();
		await page.keyboard.press("+");
		await page.keyboard.press("+");
		const larger = await sizes();
		expect(larger[0] > before[0] && larger[1] > before[1], before + " -> " + larger);
		await page.reload();
		const kept = await sizes();
		expect(kept[0] === larger[0] && kept[1] === larger[1], larger + " -> reloaded " + kept);
		await page.keyboard.press("-");
		await page.keyboard.press("-");
		await page.keyboard.press("-");
		const smaller = await sizes();
		expect(smaller[0] < before[0] && smaller[1] < before[1], before + " -> " + smaller);
		await page.evaluate(() => localStorage.clear());
		await context.close();
	});

	await check("the states: the client column left, the server column right, one lit each, lit against unlit 3:1", async () => {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		for (const name of lessons) {
			await page.goto(url(name, "#1"));
			const s = await page.evaluate(() => {
				const rgb = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number)
					.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
				const lum = (c) => { const [r, g, b] = rgb(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
				const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
				const lit = document.querySelector("[data-lit=client]");
				const unlit = document.querySelector("[data-side=client] [data-state]:not([data-lit])");
				const text = (el) => getComputedStyle(el).color;
				const back = (el) => getComputedStyle(el).backgroundColor;
				return {
					client: document.querySelector("[data-side=client]").getBoundingClientRect().right,
					server: document.querySelector("[data-side=server]").getBoundingClientRect().left,
					lits: [...document.querySelectorAll("[data-side] [data-lit]")].map((e) => e.getAttribute("data-lit")).join(" "),
					backs: ratio(back(lit), back(unlit)),
					texts: ratio(text(lit), back(lit)),
				};
			});
			expect(s.client <= s.server, name + ": the client's states are not left of the server's");
			expect(s.lits === "client server", name + ": lit " + s.lits);
			expect(s.backs >= 3 && s.texts >= 4.5, name + ": lit against unlit " + s.backs.toFixed(2) +
				", lit text " + s.texts.toFixed(2));
			notes.push("# " + name + ": lit against unlit " + s.backs.toFixed(1) + ":1");
		}
		await context.close();
	});

	await check("times as a person reads them; the long waits of lost-data marked on the ladder", async () => {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		await page.goto(url("lost-data", "#9"));
		const t = await page.evaluate(() => ({
			times: [...document.querySelectorAll("#ladder .time")].map((e) => e.textContent),
			waits: [...document.querySelectorAll("#ladder text.wait")].map((e) => e.textContent),
		}));
		expect(t.times.every((x) => /^([0-9]{1,3} us|[0-9.]+ ms|[0-9.]+ s)$/.test(x)), "times: " + t.times.join(", "));
		expect(t.waits.includes("206 ms later"), "waits: " + t.waits.join(", "));
		await page.goto(url("handshake", "#8"));
		const none = await page.$$eval("#ladder text.wait", (w) => w.length);
		expect(none === 0, "the handshake has " + none + " long waits");
		await context.close();
	});

	await check("print: every packet and field, nothing lit or underlined; no JavaScript: no button; Back and Forward step", async () => {
		const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
		const page = await context.newPage();
		await page.goto(url("lost-data", "#3"));
		await page.emulateMedia({ media: "print" });
		const p = await page.evaluate(() => {
			const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
			const current = document.querySelector("#ladder [aria-current] text");
			const lit = document.querySelector("[data-lit]");
			return {
				fields: [...document.querySelectorAll("#packets dd")].filter((d) => !seen(d)).length,
				items: [...document.querySelectorAll("#packets > li")].filter((d) => !seen(d)).length,
				buttons: [...document.querySelectorAll("button")].filter(seen).length,
				underline: getComputedStyle(current).textDecorationLine,
				lit: getComputedStyle(lit).backgroundColor,
				keys: [...document.querySelectorAll(".keys")].filter(seen).length,
			};
		});
		expect(p.fields === 0 && p.items === 0, "in print " + p.items + " packets and " + p.fields + " fields hidden");
		expect(p.buttons === 0 && p.keys === 0, "in print " + p.buttons + " buttons and key hints");
		expect(p.underline === "none" && p.lit === "rgb(255, 255, 255)", "in print " + p.underline + ", lit " + p.lit);
		await page.pdf({ path: path.join(shotsDir, "lost-data-print.pdf"), format: "A4" });
		await page.emulateMedia({ media: "screen" });
		await page.goto(url("handshake", "#0"));
		await page.keyboard.press("ArrowRight");
		await page.keyboard.press("ArrowRight");
		await page.keyboard.press("ArrowRight");
		await page.goBack();
		await page.waitForFunction(() => location.hash === "#2");
		const back = await page.evaluate(() => document.querySelector("#packets [aria-current]").getAttribute("data-step"));
		await page.goForward();
		await page.waitForFunction(() => location.hash === "#3");
		const forward = await page.evaluate(() => document.querySelector("#packets [aria-current]").getAttribute("data-step"));
		expect(back === "2" && forward === "3", "Back gave " + back + ", Forward " + forward);
		const focus = await page.evaluate(() => {
			const b = document.querySelector("[data-go=next]");
			b.focus();
			return { width: parseFloat(getComputedStyle(b).outlineWidth), labelled: [...document.querySelectorAll("nav button")].every((x) => x.getAttribute("aria-label") || x.textContent.trim()) };
		});
		await page.keyboard.press("Tab");
		const ring = await page.evaluate(() => parseFloat(getComputedStyle(document.activeElement).outlineWidth));
		expect(ring >= 3 && focus.labelled, "focus ring " + ring + " px");
		await context.close();
		const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1024, height: 768 } });
		const bare = await noScript.newPage();
		await bare.goto(url("handshake", ""));
		const buttons = await bare.evaluate(() => [...document.querySelectorAll("button")]
			.filter((b) => b.getClientRects().length > 0).length);
		expect(buttons === 0, "without JavaScript " + buttons + " buttons show");
		await noScript.close();
	});

	let axe = "";
	try {
		axe = require.resolve("axe-core/axe.min.js");
	} catch (error) {
		results.push("# axe-core is not installed (npm ci --prefix tests/browser): its check left out");
	}
	if (axe) {
		await check("axe-core: no serious or critical violation at steps 0, 3, the end and predicting", async () => {
			const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
			const page = await context.newPage();
			const found = [];
			for (const name of lessons) {
				for (const [fragment, predict] of [["#0", false], ["#3", false], ["#99", false], ["#1", true]]) {
					await page.goto(url(name, "#0"));
					await page.evaluate(() => localStorage.clear());
					await page.goto(url(name, fragment));
					await page.reload();
					if (predict) {
						await page.keyboard.press("p");
						await page.keyboard.press("ArrowRight");
					}
					await page.addScriptTag({ path: axe });
					const violations = await page.evaluate(async () => (await window.axe.run(document))
						.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
						.map((v) => v.id + " (" + v.nodes.length + ")"));
					if (violations.length) {
						found.push(name + fragment + (predict ? " predicting" : "") + ": " + violations.join(", "));
					}
				}
			}
			expect(found.length === 0, found.join("; "));
			await context.close();
		});
	}

	await browser.close();
}

main().then(() => {
	console.log(results.concat(notes).join("\n"));
}, (error) => {
	console.log(results.concat(notes).join("\n"));
	console.log("not ok the browser: " + String(error.message || error).split("\n")[0]);
});
