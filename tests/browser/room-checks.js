// tests/browser/room-checks.js - the classroom page as a room sees it,
// measured in Debian's Chromium (run.js starts it): PAGES_DIR holds
// handshake.html, lost-data.html and refused.html (make class's, with the
// course's links) and their --tsv views (handshake.tsv ...).  At 1024x768, 1280x720 and
// 1920x1080, on every step, stepping and in predict mode: that the page
// does not scroll, that what carries aria-current="step" or data-lit is
// wholly on screen, that the lit states are --tsv's client and server, and
// at steps 0, 2, the end and a question the smallest rendered text (an SVG
// text's font size times its screen matrix; an HTML text's computed size);
// that predict mode shows no future (no name, no ending, no graph, a ladder as long
// below its last packet at every step), that 1-9 and 0 answer, and "lost"
// and "sent again" are right where --tsv says so; that predicting no
// text or lit box shows a state the class cannot know yet (a side's,
// before it has sent a packet) and that each shows once its side has
// sent, and at the end; + and -, the states'
// columns, times, print, no JavaScript, Back and Forward; axe-core.  Adds
// "ok NAME" or "not ok NAME: why" a check, and "# ..." notes with the
// numbers measured; the screenshots go to SHOTS_DIR.
"use strict";

const fs = require("fs");
const path = require("path");
const { results, notes, check, expect, fresh, print, withoutScript } = require("./checks");

const lessons = ["handshake", "lost-data", "refused"];
const sizes = [[1024, 768], [1280, 720], [1920, 1080]];

// --tsv's rows: each packet's client and server states (the last of
// each), whether it was lost and whether it sends an earlier one again.
function tsv(pagesDir, name) {
	const lines = fs.readFileSync(path.join(pagesDir, name + ".tsv"), "utf8").trim().split("\n");
	const head = lines[0].split("\t");
	return lines.slice(1).map((line) => {
		const f = line.split("\t");
		const last = (s) => s.split(" ").pop();
		return {
			side: f[head.indexOf("side")],
			clients: f[head.indexOf("client")].split(" "), servers: f[head.indexOf("server")].split(" "),
			client: last(f[head.indexOf("client")]), server: last(f[head.indexOf("server")]),
			lost: f[head.indexOf("lost")] === "1", again: f[head.indexOf("resends")] !== "0",
		};
	});
}

// In the page: step through the lesson with the keys' events, as page.js's
// keydown listener hears them (page-checks.js presses the real keys), and
// measure at each step, and predicting at each question: the page's
// scrolling, what is current or lit and off screen, the lit states, the
// ladder's length below its current packet; and at the steps `also` and
// `alsoAsked` name (step: [what...]), what else the checks judge there:
// the smallest text, axe-core's violations (injected beforehand), the
// states' columns and colours, the times.  From step 0 (Home; P when
// predicting) up to the end or the question before packet `pause`+1;
// then from where it paused.  One call, one frame drawn: a page load or a
// key pressed from outside costs more than all the steps of a lesson.
async function walk({ predict, pause, resume, also, alsoAsked }) {
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

	// What is current or lit and not wholly on screen, whether the page
	// scrolls, and how far the ladder goes on below its current packet.
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
		// the ladder below the current packet (before the first: below
		// the first states), in px
		const svg = document.querySelector("#ladder svg").getBoundingClientRect();
		const current = document.querySelector("#ladder [aria-current]") ||
			document.querySelector("#ladder text.state");
		// what names the page: its heading, its title, the course's links
		// (make class's pages) where they show
		const course = document.querySelector("nav.course");
		const links = course && course.getClientRects().length > 0 &&
			getComputedStyle(course).visibility !== "hidden" ? " " + course.textContent : "";
		return {
			out,
			lit,
			current: document.querySelectorAll("[aria-current=step]").length,
			scrolls: document.documentElement.scrollHeight > h || document.documentElement.scrollWidth > w,
			below: Math.round(svg.bottom - current.getBoundingClientRect().bottom),
			named: document.querySelector("header h1").textContent + " " + document.title + links,
		};
	}

	// The states' columns: where each is, what is lit, the contrast
	// of lit against unlit and of lit text.
	function states() {
		const rgb = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number)
			.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
		const lum = (c) => { const [r, g, b] = rgb(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
		const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
		const lit = document.querySelector("#states [data-lit=client]");
		const unlit = document.querySelector("#states [data-side=client] [data-state]:not([data-lit])");
		const text = (el) => getComputedStyle(el).color;
		const back = (el) => getComputedStyle(el).backgroundColor;
		return {
			client: document.querySelector("#states [data-side=client]").getBoundingClientRect().right,
			server: document.querySelector("#states [data-side=server]").getBoundingClientRect().left,
			lits: [...document.querySelectorAll("#states [data-side] [data-lit]")].map((e) => e.getAttribute("data-lit")).join(" "),
			backs: ratio(back(lit), back(unlit)),
			texts: ratio(text(lit), back(lit)),
		};
	}

	// What states the page shows, predicting: by side, the visible text
	// of what says it is that side's (the ladder's labels, the current
	// explanation's lines: data-side, outside the states' columns) and its
	// lit box; and all the visible text but the states' columns' (whose
	// boxes name every state, lit or not).
	function secrets() {
		const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" &&
			[...el.getClientRects()].some((r) => r.width > 0 && r.height > 0);
		const sides = { client: [], server: [] };
		for (const el of document.querySelectorAll("[data-side]")) {
			if (!el.closest("#states") && seen(el) && el.textContent.trim()) {
				sides[el.getAttribute("data-side")].push(el.textContent.trim());
			}
		}
		const lit = { client: [], server: [] };
		for (const el of document.querySelectorAll("[data-lit]")) {
			if (seen(el)) {
				lit[el.getAttribute("data-lit")].push(el.getAttribute("data-state"));
			}
		}
		const text = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const el = node.parentElement;
			if (node.textContent.trim() && !el.closest("#states, script, style") && seen(el)) {
				text.push(node.textContent.trim());
			}
		}
		return { sides, lit, text: text.join(" ") };
	}

	function times() {
		return {
			times: [...document.querySelectorAll("#ladder .time")].map((e) => e.textContent),
			waits: [...document.querySelectorAll("#ladder text.wait")].map((e) => e.textContent),
		};
	}

	// axe-core's serious and critical violations; only violations asked
	// for (its passes cost as much again)
	async function axe() {
		return (await window.axe.run(document, { resultTypes: ["violations"] })).violations
			.filter((v) => v.impact === "serious" || v.impact === "critical")
			.map((v) => v.id + " (" + v.nodes.length + ")");
	}

	const measures = { smallest, states, times, axe };
	async function measure(at, whats) {
		for (const what of whats || []) {
			at[what] = await measures[what]();
		}
	}

	const press = (key) => document.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
	// The fragment is left alone meanwhile: each step's history entry
	// costs the browser 5-10 ms, and Chromium ignores a page's history
	// changes past 200 in 10 s.  (page-checks.js checks the fragment as
	// the keys step, the print check Back and Forward.)
	const { pushState, replaceState } = History.prototype;
	History.prototype.pushState = History.prototype.replaceState = function () {};
	const n = JSON.parse(document.getElementById("data").textContent).packets.length;
	const seen = [];
	let k = 0;
	if (resume === undefined) {
		press("Home");
		if (predict) {
			press("p");
		}
	} else {
		k = resume;
	}
	for (; k <= n; k++) {
		if (resume !== k) {
			const current = document.querySelector("#packets [aria-current]");
			const at = { k, step: current && current.getAttribute("data-step"), now: offScreen() };
			if (predict) {
				at.now.secrets = secrets();
			}
			await measure(at, also[k]);
			seen.push(at);
			if (predict && k < n) {
				press("ArrowRight");
				at.asked = offScreen();
				at.asked.secrets = secrets();
				at.then = {};
				await measure(at.then, alsoAsked[k]);
				if (k === pause) {
					Object.assign(History.prototype, { pushState, replaceState });
					return { seen, paused: k };
				}
			}
		}
		if (predict && k < n) {
			press("1");
		}
		if (k < n) {
			press("ArrowRight");
		}
	}
	Object.assign(History.prototype, { pushState, replaceState });
	return { seen, n };
}

async function run(page, pagesDir, shotsDir) {
	const url = (name, fragment) => "file://" + path.resolve(pagesDir, name + ".html") + (fragment || "");
	const least = {};	// by width: the smallest text seen, and where
	const future = [];	// predicting, what told of the future
	const below = {};	// predicting, by width: the ladder's length below its current packet
	const states = {};	// by lesson, at 1024x768 after packet 1: the states' columns
	const times = {};	// by lesson, at 1024x768 at the end: the times and waits drawn
	const audits = [];	// axe-core's findings, "where: rule (nodes)"
	const told = [];	// predicting, by lesson and size: the states shown at each step and question
	const first = {};	// by lesson: each side's state before the first packet (the page's #data)
	let audited = 0;
	let axe = "";
	try {
		axe = require.resolve("axe-core/axe.min.js");
	} catch (error) {
		results.push("# axe-core is not installed (npm ci --prefix tests/browser): its check left out");
	}

	await check("on every step, stepping and predicting, the page does not scroll and what is current and lit is on screen", async () => {
		const failures = [];
		for (const [width, height] of sizes) {
			least[width] = { least: Infinity, where: "" };
			below[width] = {};
			for (const name of lessons) {
				const rows = tsv(pagesDir, name);
				const n = rows.length;
				await fresh(page, url(name, "#0"), { width, height });
				first[name] = await page.evaluate(() => JSON.parse(document.getElementById("data").textContent).first);
				if (width === 1024 && axe) {
					await page.addScriptTag({ path: axe });
				}
				for (const predict of [false, true]) {
					// what else to measure, and where: the smallest text at
					// steps 0, 2, the end and the second question; at
					// 1024x768 axe-core at steps 0, 3, the end and the
					// second question, the states after packet 1, the times
					// at the end
					const also = {};
					const alsoAsked = {};
					const add = (map, k, what) => {
						map[k] = (map[k] || []).filter((w) => w !== what).concat(what);
					};
					for (const k of [0, 2, n]) {
						add(also, Math.min(k, n), "smallest");
					}
					add(alsoAsked, 1, "smallest");
					if (width === 1024 && !predict) {
						if (axe) {
							for (const k of [0, 3, n]) {
								add(also, Math.min(k, n), "axe");
							}
						}
						add(also, 1, "states");
						add(also, n, "times");
					}
					if (width === 1024 && predict && axe) {
						add(alsoAsked, 1, "axe");
					}
					const args = { predict, also, alsoAsked };
					if (width === 1024 && predict && name === "lost-data") {
						args.pause = 3;
					}
					let walked = await page.evaluate(walk, args);
					if (walked.paused !== undefined) {
						// a question a room would see: packet 4, lost, answered "9 lost"
						await page.keyboard.press("9");
						await page.screenshot({ path: path.join(shotsDir, name + "-predict.png") });
						const rest = await page.evaluate(walk, { ...args, pause: undefined, resume: walked.paused });
						walked = { seen: walked.seen.concat(rest.seen), n: rest.n };
					}
					if (width === 1024 && !predict && name === "lost-data") {
						await page.screenshot({ path: path.join(shotsDir, name + "-" + n + ".png") });
					}
					if (walked.seen.length !== n + 1) {
						failures.push(name + " at " + width + "x" + height + ": " + walked.seen.length + " steps, not " + (n + 1));
					}
					for (const { k, step, now, asked, then, ...measured } of walked.seen) {
						const at = name + (predict ? " predicting" : "") + " at " + width + "x" + height + " #" + k;
						if (step !== String(k)) {
							failures.push(at + ": packet " + step + " explained");
						}
						if (now.scrolls) {
							failures.push(at + ": the page scrolls");
						}
						if (now.out.length !== 0) {
							failures.push(at + ": off screen: " + now.out.join(", "));
						}
						if (now.current !== (k === 0 ? 1 : 2)) {
							failures.push(at + ": " + now.current + " current");
						}
						if (k > 0) {
							// (predicting, a side's state may be unknown yet:
							// none lit; the check below says when)
							const want = rows[k - 1];
							const wrong = (side) => JSON.stringify(now.lit[side]) !== JSON.stringify([want[side]]) &&
								!(predict && now.lit[side] === undefined);
							if (wrong("client") || wrong("server")) {
								failures.push(at + ": lit " + JSON.stringify(now.lit) + ", --tsv " +
									JSON.stringify({ client: want.client, server: want.server }));
							}
						}
						if (asked && (asked.scrolls || asked.out.length !== 0)) {
							failures.push(at + " asked: " + asked.out.join(", ") + (asked.scrolls ? " scrolls" : ""));
						}
						for (const s of [measured.smallest, then && then.smallest]) {
							if (s && s.least < least[width].least) {
								least[width] = { least: s.least, where: name + "#" + k + (s === measured.smallest ? "" : " asked") + ": " + s.where };
							}
						}
						for (const [found, where] of [[measured.axe, "#" + k], [then && then.axe, "#" + k + " predicting"]]) {
							if (found) {
								audited++;
								if (found.length) {
									audits.push(name + where + ": " + found.join(", "));
								}
							}
						}
						if (measured.states) {
							states[name] = measured.states;
						}
						if (measured.times) {
							times[name] = measured.times;
						}
						if (predict) {
							told.push({ name, at, k, n, now: now.secrets, asked: asked && asked.secrets });
						}
						if (predict) {
							for (const seen of [now, asked]) {
								if (!seen) {
									continue;
								}
								if (seen.named.includes(name) || seen.named.includes(".txt") || /previous: |next: /.test(seen.named)) {
									future.push(at + ": the page is named " + seen.named);
								}
								// before the first packet and after one: each the same everywhere
								const when = k === 0 ? "before a packet" : "after one";
								below[width][when] = (below[width][when] || []).concat({ at, px: seen.below });
							}
						}
					}
				}
			}
		}
		expect(failures.length === 0, failures[0] + (failures.length > 1 ? " (and " + (failures.length - 1) + " more)" : ""));
	});

	await check("the smallest text is 16 px or more at 1024x768, 1.3 times that at 1920x1080", async () => {
		expect(sizes.every(([width]) => least[width] && least[width].least < Infinity),
			"not measured (the steps were not all walked)");
		for (const [width, height] of sizes) {
			notes.push("# smallest text at " + width + "x" + height + ": " + least[width].least.toFixed(1) +
				" px (" + least[width].where + ")");
		}
		expect(least[1024].least >= 16, "at 1024x768: " + least[1024].least.toFixed(1) + " px, " + least[1024].where);
		expect(least[1920].least >= 1.3 * least[1024].least, "at 1920x1080: " + least[1920].least.toFixed(1) + " px");
	});

	await check("predict mode shows no future (no name, no ending, no graph, no meaning told with hindsight, the ladder no longer); 1-9 and 0 answer, lost and sent again as --tsv says; the score survives a reload", async () => {
		expect(sizes.every(([width]) => below[width] && below[width]["after one"]),
			"not measured (the steps were not all walked)");
		expect(future.length === 0, future[0]);
		for (const [width] of sizes) {
			for (const when of Object.keys(below[width])) {
				const px = below[width][when].map((b) => b.px);
				const odd = below[width][when].find((b) => Math.abs(b.px - px[0]) > 1);
				expect(!odd, "the ladder goes on " + px[0] + " px below the current packet at " +
					below[width][when][0].at + ", " + (odd && odd.px) + " px at " + (odd && odd.at));
			}
			notes.push("# predicting at " + width + " px wide, the ladder goes on " +
				below[width]["after one"][0].px + " px below the current packet");
		}
		for (const name of lessons) {
			const rows = tsv(pagesDir, name);
			await fresh(page, url(name, "#0"));
			await page.keyboard.press("p");
			const text = await page.evaluate(() => document.body.innerText + "\n" + document.title);
			const giveaways = [/\d+ packets/, /nothing (on|listens)/, /\(reset\)/, /RST/, /closed \(FIN\)/,
				/ us\b/, / ms\b/, /TIME_WAIT ->/, new RegExp(name), /\.txt/, /previous: |next: /].filter((re) => re.test(text));
			expect(giveaways.length === 0, name + " at #0 shows " + giveaways.join(" "));
			const graph = await page.evaluate(() => {
				const g = document.querySelector("#graph");
				return g ? g.getClientRects().length : 0;
			});
			expect(graph === 0, name + " at #0 shows the time-sequence graph, the whole transfer");
			await page.keyboard.press("ArrowRight");
			const answers = await page.$$eval("#choices [data-answer]", (b) => b.map((x) => x.getAttribute("data-answer")));
			expect(answers.length >= 10 && ["client SYN", "server SYN-ACK", "server RST", "lost", "sent again"]
				.every((a) => answers.includes(a)), name + ": " + answers.join(", "));
			expect(answers[8] === "lost" && answers[9] === "sent again", name + ": 9 and 0 are " + answers[8] + ", " + answers[9]);
			const drawn = await page.evaluate(() => [...document.querySelectorAll("#ladder [data-step]")]
				.filter((g) => g.getAttribute("data-step") !== "0" && getComputedStyle(g).visibility !== "hidden").length);
			expect(drawn === 0, name + ": " + drawn + " packets drawn before the answer");
			await page.keyboard.press("1");
			const verdict = await page.textContent("#verdict");
			expect(/^(Right|No)/.test(verdict), name + ": 1 gave no verdict");
			let right = /^Right/.test(verdict) ? 1 : 0;
			// then each packet: "9 lost" where --tsv says lost, "0 sent
			// again" where it sends one again, else one of them, wrongly
			// (the steps between by the keys' events, the answers by the
			// keys themselves)
			const onward = () => page.evaluate(() => {
				const said = document.getElementById("verdict").textContent;
				for (let i = 0; i < 2; i++) {
					document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, cancelable: true }));
				}
				return said;
			});
			// packet 1 shown, packet 2 asked: its names, not its meaning
			// (told with hindsight); at the end, the meanings
			const meanings = () => page.evaluate(() => {
				const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
				return {
					meaning: [...document.querySelectorAll("#packets .current .meaning, #ladder [aria-current] .full")].filter(shown).length,
					bare: [...document.querySelectorAll("#ladder [aria-current] .bare")].filter(shown).length,
				};
			});
			await onward();
			const early = await meanings();
			expect(early.meaning === 0 && early.bare === 1, name + ": predicting, packet 1 shows its meaning (" +
				early.meaning + " texts), told with hindsight");
			for (let k = 1; k < rows.length; k++) {
				const key = rows[k].lost ? "9" : rows[k].again ? "0" : (k % 2 ? "9" : "0");
				const want = rows[k].lost || rows[k].again ? "Right" : "No";
				await page.keyboard.press(key);
				const said = await onward();
				expect(said.startsWith(want), name + ": packet " + (k + 1) + ", " + key + " gave " + said);
				right += want === "Right" ? 1 : 0;
			}
			const late = await meanings();
			expect(late.meaning > 0 && late.bare === 0, name + ": at the end, the last packet's meaning is not shown");
			const score = await page.textContent("#score");
			expect(score === "right " + right + ", wrong " + (rows.length - right) && rows.length > 1, name + ": score " + score);
			await page.reload();
			const again = await page.textContent("#score");
			expect(again === score, name + ": after a reload " + again + ", not " + score);
		}
	});

	await check("predicting, no text or lit box shows a state the class cannot know yet; a state shows once its side has sent, and all at the end", async () => {
		expect(lessons.every((name) => told.some((t) => t.name === name && t.k === t.n)),
			"not measured (the steps were not all walked)");
		const failures = [];
		const rowsOf = {};
		for (const { name, at, k, n, now, asked } of told) {
			const rows = rowsOf[name] || (rowsOf[name] = tsv(pagesDir, name));
			for (const [seen, when] of [[now, ""], [asked, " asked"]]) {
				if (!seen) {
					continue;
				}
				const where = at + when;
				for (const side of ["client", "server"]) {
					const other = side === "client" ? "server" : "client";
					const sent = rows.slice(0, k).some((r) => r.side === side);
					const mine = rows.slice(0, k).flatMap((r) => r[side + "s"]).concat(first[name][side]);
					const theirs = rows.slice(0, k).flatMap((r) => r[other + "s"]).concat(first[name][other]);
					if (!sent && k < n) {
						// it has said nothing yet: none of its states shows,
						// and no word names one that only it is in
						if (seen.sides[side].length || seen.lit[side].length) {
							failures.push(where + ": the " + side + ", silent yet, shows " +
								seen.sides[side].concat(seen.lit[side].map((s) => "lit " + s)).join(", "));
						}
						for (const state of mine.filter((s) => !theirs.includes(s))) {
							if (new RegExp("\\b" + state + "\\b").test(seen.text)) {
								failures.push(where + ": " + state + " (the " + side + "'s, silent yet) shows");
							}
						}
					}
					// its own packet, or the end: its state shows, lit as --tsv says
					if (k === n || (k > 0 && rows[k - 1].side === side)) {
						const want = k === 0 ? first[name][side] : rows[k - 1][side];
						if (JSON.stringify(seen.lit[side]) !== JSON.stringify([want])) {
							failures.push(where + ": the " + side + "'s lit " + seen.lit[side].join(" ") + ", not " + want);
						}
						if (k > 0 && !seen.sides[side].some((t) => t.startsWith(side + ": ") && t.replace(/ \(no change\)$/, "").endsWith(want))) {
							failures.push(where + ": the " + side + "'s line reads " + seen.sides[side].join(" | "));
						}
					}
				}
			}
		}
		// and what the packets shown tell shows: the client, answered by a
		// SYN-ACK, is ESTABLISHED; told of a FIN, CLOSE_WAIT
		for (const [name, k, side, want] of [["handshake", 2, "client", "ESTABLISHED"], ["lost-data", 7, "client", "CLOSE_WAIT"]]) {
			for (const t of told.filter((x) => x.name === name && x.k === k)) {
				if (JSON.stringify(t.now.lit[side]) !== JSON.stringify([want])) {
					failures.push(t.at + ": the " + side + "'s lit " + t.now.lit[side].join(" ") + ", not " + want);
				}
			}
		}
		// not predicting, and in print predicting, every state shows:
		// refused after its SYN (packet 2 not drawn yet), the server's CLOSED too
		const all = () => page.evaluate(() => {
			const seen = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
			return {
				labels: [...document.querySelectorAll("#ladder text.state")].filter(seen).length,
				lines: [...document.querySelectorAll("#packets [data-step='1'] .states [data-side]")].filter(seen).length,
				unknown: [...document.querySelectorAll(".states .unknown")].filter(seen).length,
				lit: [...document.querySelectorAll("#states [data-lit]")].map((el) => el.getAttribute("data-lit")).join(" "),
			};
		});
		await fresh(page, url("refused", "#1"));
		const stepping = await all();
		if (stepping.labels !== 4 || stepping.lines !== 2 || stepping.unknown !== 0 || stepping.lit !== "client server") {
			failures.push("refused #1, not predicting: " + JSON.stringify(stepping));
		}
		await page.keyboard.press("p");
		const predicting = await all();
		if (predicting.labels !== 2 || predicting.lines !== 1 || predicting.unknown !== 1 || predicting.lit !== "client") {
			failures.push("refused #1, predicting: " + JSON.stringify(predicting));
		}
		await print(page);
		const printed = await all();
		if (printed.labels !== 6 || printed.lines !== 2 || printed.unknown !== 0) {
			failures.push("refused #1, predicting, in print: " + JSON.stringify(printed));
		}
		notes.push("# predicting, " + told.length + " steps looked at for states not known yet");
		expect(failures.length === 0, failures[0] + (failures.length > 1 ? " (and " + (failures.length - 1) + " more)" : ""));
	});

	await check("+ and - scale the ladder and the panel, and the size survives a reload", async () => {
		await fresh(page, url("handshake", "#3"));
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
	});

	await check("the states: the client column left, the server column right, one lit each, lit against unlit 3:1", async () => {
		for (const name of lessons) {
			const s = states[name];
			expect(s, name + ": not measured (the steps were not all walked)");
			expect(s.client <= s.server, name + ": the client's states are not left of the server's");
			expect(s.lits === "client server", name + ": lit " + s.lits);
			expect(s.backs >= 3 && s.texts >= 4.5, name + ": lit against unlit " + s.backs.toFixed(2) +
				", lit text " + s.texts.toFixed(2));
			notes.push("# " + name + ": lit against unlit " + s.backs.toFixed(1) + ":1");
		}
	});

	await check("times as a person reads them; the long waits of lost-data marked on the ladder", async () => {
		const t = times["lost-data"];
		expect(t && times.handshake, "not measured (the steps were not all walked)");
		expect(t.times.every((x) => /^([0-9]{1,3} us|[0-9.]+ ms|[0-9.]+ s)$/.test(x)), "times: " + t.times.join(", "));
		expect(t.waits.includes("206 ms later"), "waits: " + t.waits.join(", "));
		const none = times.handshake.waits.length;
		expect(none === 0, "the handshake has " + none + " long waits");
	});

	await check("print: every packet and field, nothing lit or underlined; no JavaScript: no button; Back and Forward step", async () => {
		await fresh(page, url("lost-data", "#3"));
		await print(page);
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
		// on screen again, from #3: three steps, Back, Forward
		await page.emulateMedia({ media: "screen" });
		page.printing = false;
		await page.keyboard.press("ArrowRight");
		await page.keyboard.press("ArrowRight");
		await page.keyboard.press("ArrowRight");
		await page.goBack();
		await page.waitForFunction(() => location.hash === "#5");
		const back = await page.evaluate(() => document.querySelector("#packets [aria-current]").getAttribute("data-step"));
		await page.goForward();
		await page.waitForFunction(() => location.hash === "#6");
		const forward = await page.evaluate(() => document.querySelector("#packets [aria-current]").getAttribute("data-step"));
		expect(back === "5" && forward === "6", "Back gave " + back + ", Forward " + forward);
		const focus = await page.evaluate(() => {
			const b = document.querySelector("[data-go=next]");
			b.focus();
			return { width: parseFloat(getComputedStyle(b).outlineWidth), labelled: [...document.querySelectorAll("nav button")].every((x) => x.getAttribute("aria-label") || x.textContent.trim()) };
		});
		await page.keyboard.press("Tab");
		const ring = await page.evaluate(() => parseFloat(getComputedStyle(document.activeElement).outlineWidth));
		expect(ring >= 3 && focus.labelled, "focus ring " + ring + " px");
		await withoutScript(page, async () => {
			await fresh(page, url("handshake", ""));
			const buttons = await page.evaluate(() => [...document.querySelectorAll("button")]
				.filter((b) => b.getClientRects().length > 0).length);
			expect(buttons === 0, "without JavaScript " + buttons + " buttons show");
		});
	});

	if (axe) {
		await check("axe-core: no serious or critical violation at steps 0, 3, the end and predicting", async () => {
			// each lesson at 0, 3 and the end (refused's 2 packets: its
			// end twice, audited once) and at its second question
			expect(audited === 11, "audited " + audited + " times, not 11 (the steps were not all walked)");
			expect(audits.length === 0, audits.join("; "));
		});
	}
}

module.exports = { run };
