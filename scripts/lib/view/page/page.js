/* scripts/lib/view/page/page.js - the classroom page's stepping (html.awk inlines it).
 * The page already holds every packet and its explanation; this only shows
 * them one at a time.  The step is the URL's fragment: #0 none yet, #k
 * packets 1..k with the k-th explained, so that a link points at a moment,
 * and Back and Forward step.  Elements are found by what they carry, never
 * by position: a packet's arrow and explanation by data-step (the current
 * one gets aria-current="step"), a side's states by data-side and
 * data-state (the current one gets data-lit="client" or "server").
 * Predict mode asks, before each packet, who sends it and with which
 * flags, or whether it is lost or sent again; the keys 1 to 9 and 0
 * answer; the score is kept in localStorage, as is the type size.
 * Predicting, the page shows nothing of the future: not the capture's
 * name (the heading, the title), not the course's links, and the ladder
 * ends as far below its last packet at every step; nor a side's state
 * the class cannot know yet (knownStates below).  The packets come as
 * data (#data). */
(function () {
	"use strict";

	var data = JSON.parse(document.getElementById("data").textContent);
	var packets = data.packets;
	var ladder = document.getElementById("ladder");
	var panel = document.getElementById("panel");
	var question = document.getElementById("question");
	var choices = document.getElementById("choices");
	var verdict = document.getElementById("verdict");
	var predictButton = document.querySelector("[data-go=predict]");
	var key = "handshake:" + location.pathname + ":";
	var step = 0;
	var predicting = false;
	var quiz = {answered: {}, right: 0, wrong: 0};
	var scale = 1;
	var heading = document.querySelector("header h1");
	var named = {heading: heading.textContent, title: document.title};
	var drawing = ladder.querySelector("svg");
	var drawn = {height: drawing.getAttribute("height"), box: drawing.getAttribute("viewBox")};

	function load(name, fallback) {
		try {
			var v = window.localStorage.getItem(name);
			return v === null ? fallback : JSON.parse(v);
		} catch (e) {
			return fallback;
		}
	}

	function save(name, value) {
		try {
			window.localStorage.setItem(name, JSON.stringify(value));
		} catch (e) {
			/* no storage (a file: page in some browsers): forget it */
		}
	}

	document.documentElement.classList.add("js");

	/* Each packet's label without its meaning ("1 SYN"), beside its
	 * first line: predicting, page.css shows it instead, for a meaning is
	 * told with hindsight ("handshake 1/3" says that a SYN-ACK comes). */
	packets.forEach(function (p, i) {
		var full = document.querySelector("#ladder [data-step=\"" + (i + 1) + "\"] .full");
		var bare;
		if (full) {
			bare = full.cloneNode(false);
			bare.setAttribute("class", full.getAttribute("class").replace("full", "bare"));
			bare.textContent = p.number + " " + p.names;
			full.parentNode.insertBefore(bare, full.nextSibling);
		}
	});
	/* after each explanation's state line, what it reads while not known */
	Array.prototype.forEach.call(document.querySelectorAll("#packets .states [data-side]"), function (line) {
		var unknown = document.createElement("span");
		unknown.className = "unknown";
		unknown.textContent = line.getAttribute("data-side") + ": ? (not known yet)";
		line.parentNode.insertBefore(unknown, line.nextSibling);
	});
	document.getElementById("controls").hidden = false;

	/* The step a fragment names, within 0..packets.length; -1: none. */
	function stepOf(hash) {
		var m = /^#([0-9]+)$/.exec(hash);
		if (!m) {
			return -1;
		}
		return Math.min(parseInt(m[1], 10), packets.length);
	}

	/* Each side's box for its state, lit; the others not (state null:
	 * none lit). */
	function light(side, state) {
		var boxes = document.querySelectorAll("#states [data-side=" + side + "] [data-state]");
		var i;
		for (i = 0; i < boxes.length; i++) {
			if (boxes[i].getAttribute("data-state") === state) {
				boxes[i].setAttribute("data-lit", side);
			} else {
				boxes[i].removeAttribute("data-lit");
			}
		}
	}

	/* The graph's element that holds packet number (data-packet, to
	 * data-last where one holds several), lit; the others not. */
	function lightGraph(number) {
		var marks = document.querySelectorAll("#graph [data-packet]");
		var i, first, last;
		for (i = 0; i < marks.length; i++) {
			first = parseInt(marks[i].getAttribute("data-packet"), 10);
			last = parseInt(marks[i].getAttribute("data-last") || first, 10);
			marks[i].classList.toggle("lit", number >= first && number <= last);
		}
	}

	function show(k, push) {
		var groups = document.querySelectorAll("#ladder [data-step]");
		var items = document.querySelectorAll("#packets [data-step]");
		var i, n, current;
		step = k;
		for (i = 0; i < groups.length; i++) {
			n = parseInt(groups[i].getAttribute("data-step"), 10);
			groups[i].classList.toggle("future", n > k);
			if (n === k) {
				groups[i].setAttribute("aria-current", "step");
				current = groups[i];
			} else {
				groups[i].removeAttribute("aria-current");
			}
		}
		for (i = 0; i < items.length; i++) {
			n = parseInt(items[i].getAttribute("data-step"), 10);
			items[i].classList.toggle("current", n === k);
			if (n === k) {
				items[i].setAttribute("aria-current", "step");
			} else {
				items[i].removeAttribute("aria-current");
			}
		}
		lightGraph(k === 0 ? -1 : packets[k - 1].number);
		document.getElementById("step").textContent =
		    (k === 0 ? "no packet yet" : "packet " + packets[k - 1].number);
		question.hidden = true;
		panel.scrollTop = 0;
		hideFuture();
		keepInView(current);
		if (location.hash !== "#" + k) {
			if (push) {
				history.pushState(null, "", "#" + k);
			} else {
				history.replaceState(null, "", "#" + k);
			}
		}
	}

	/* Side's state after packet j (0: before the first). */
	function stateAfter(side, j) {
		return j === 0 ? data.first[side] : packets[j - 1][side];
	}

	/* What the class can know at step k of each side's states: known[side][j]
	 * for its state after packet j (0: before the first), j = 0..k.  The
	 * analysis names a state with hindsight (the server LISTENs, or is
	 * CLOSED, from the start because of the SYN-ACK or the RST it sends
	 * later; it is SYN_RCVD after the SYN because it answers it), so,
	 * predicting, a state shows only when the packets shown already tell
	 * it:
	 *   1. at the end (k is the last packet): nothing is left to predict;
	 *   2. side X's state after packet j when X sent one of the packets
	 *      j..k (1..k for j = 0): what a side sends shows the state it is
	 *      in, and was in since j (its SYN-ACK shows that it listened and
	 *      took the SYN; its RST, that nothing listened);
	 *   3. the state after packet j of X, its receiver, when X's state
	 *      before it shows, is not "?", and packet j is not a SYN (without
	 *      an ACK): TCP then moves X by the packet alone (SYN_SENT and a
	 *      SYN-ACK: ESTABLISHED; ESTABLISHED and a FIN: CLOSE_WAIT; a lost
	 *      one: no change), and whether it arrived the ladder shows.  A
	 *      SYN's receiver listens or not, and takes it or not, as its
	 *      answer (or silence) will tell: that is what the class predicts.
	 * A state known at step k stays known at later steps, and X's state
	 * after j known implies its state before j known (an explanation's
	 * "before -> after" shows whole or not at all).  Not predicting, all is
	 * known; and print shows all (page.css hides only on screen). */
	function knownStates(k) {
		var known = {};
		["client", "server"].forEach(function (side) {
			var sent = [];
			var later = false;
			var j, p;
			for (j = k; j >= 0; j--) {
				if (j >= 1 && packets[j - 1].side === side) {
					later = true;
				}
				sent[j] = later;
			}
			known[side] = [];
			for (j = 0; j <= k; j++) {
				p = j > 0 ? packets[j - 1] : null;
				known[side][j] = !predicting || k >= packets.length || sent[j] ||
				    (p !== null && known[side][j - 1] && p.side !== side &&
				    !(/S/.test(p.flags) && !/\./.test(p.flags)) && stateAfter(side, j - 1) !== "?");
			}
		});
		return known;
	}

	/* Each side's states as the class may see them at step k: the ladder's
	 * labels and the explanations' lines of a state not known yet carry
	 * data-unknown (page.css hides them on screen; an explanation's line
	 * then reads "server: ? (not known yet)"), and its box is not lit. */
	function showStates(k) {
		var known = knownStates(k);
		var marked = document.querySelectorAll("#ladder [data-side][data-after], #packets [data-step] .states [data-side]");
		var i, el, side, j;
		for (i = 0; i < marked.length; i++) {
			el = marked[i];
			side = el.getAttribute("data-side");
			j = parseInt(el.hasAttribute("data-after") ? el.getAttribute("data-after") :
			    el.closest("[data-step]").getAttribute("data-step"), 10);
			if (known[side] && j <= k && !known[side][j]) {
				el.setAttribute("data-unknown", "");
			} else {
				el.removeAttribute("data-unknown");
			}
		}
		light("client", known.client[k] ? stateAfter("client", k) : null);
		light("server", known.server[k] ? stateAfter("server", k) : null);
	}

	/* The ladder scrolled so that the current packet is on screen. */
	function keepInView(group) {
		var box, top, g;
		if (!group) {
			ladder.scrollTop = 0;
			return;
		}
		box = ladder.getBoundingClientRect();
		g = group.getBoundingClientRect();
		top = ladder.scrollTop;
		if (g.bottom > box.bottom - 4) {
			ladder.scrollTop = top + (g.bottom - box.bottom) + box.height / 3;
		} else if (g.top < box.top) {
			ladder.scrollTop = top - (box.top - g.top) - 8;
		}
	}

	/* The answers, the same for every capture, so that they tell nothing
	 * of this one: who sends the next packet and what it is, with the
	 * plausible wrong ones (a SYN-ACK where the server resets, an RST
	 * where it answers), then what may befall it: "lost" and "sent
	 * again" (the analysis's lost and resends).  The keys 1 to 9 and 0
	 * choose them.  A kind the lessons never send but this capture does
	 * (client data, say) comes last, for every packet alike. */
	var kinds = ["client SYN", "server SYN-ACK", "server RST", "client ACK",
	    "server ACK", "server data", "client FIN", "server FIN", "lost", "sent again"];

	function kindOf(p) {
		var names = p.names;
		if (/P/.test(p.flags) && !/[SFR]/.test(p.flags)) {
			names = "data";
		} else if (/F/.test(p.flags)) {
			names = "FIN";
		} else if (/R/.test(p.flags)) {
			names = "RST";
		} else if (/S/.test(p.flags)) {
			names = /\./.test(p.flags) ? "SYN-ACK" : "SYN";
		} else if (/\./.test(p.flags)) {
			names = "ACK";
		}
		return p.side + " " + names;
	}

	packets.forEach(function (p) {
		if (kinds.indexOf(kindOf(p)) < 0) {
			kinds.push(kindOf(p));
		}
	});

	/* The answers that are right for packet p: its kind, and "lost" and
	 * "sent again" where the analysis says so. */
	function rightOnes(p) {
		var right = [kindOf(p)];
		if (p.lost) {
			right.push("lost");
		}
		if (p.resends) {
			right.push("sent again");
		}
		return right;
	}

	function ask(k) {
		choices.textContent = "";
		verdict.textContent = "";
		document.getElementById("ask").textContent =
		    "Next packet: who sends it, and what is it?";
		kinds.forEach(function (kind, i) {
			var button = document.createElement("button");
			button.type = "button";
			button.setAttribute("data-answer", kind);
			button.textContent = (i < 10 ? (i + 1) % 10 + " " : "") + kind;
			button.addEventListener("click", function () {
				answer1(k, kind);
			});
			choices.appendChild(button);
		});
		question.hidden = false;
		panel.scrollTop = 0;
	}

	function answer1(k, kind) {
		var buttons = choices.querySelectorAll("[data-answer]");
		var right = rightOnes(packets[k]);
		var it = "it is " + right.join(", ") + ".";
		var i, b;
		if (quiz.answered[k + 1]) {
			return;
		}
		quiz.answered[k + 1] = true;
		if (right.indexOf(kind) >= 0) {
			quiz.right++;
			verdict.textContent = "Right: " + it;
		} else {
			quiz.wrong++;
			verdict.textContent = "No: " + it;
		}
		for (i = 0; i < buttons.length; i++) {
			b = buttons[i].getAttribute("data-answer");
			if (right.indexOf(b) >= 0) {
				buttons[i].classList.add("right");
			} else if (b === kind) {
				buttons[i].classList.add("wrong");
			}
		}
		save(key + "quiz", quiz);
		score();
	}

	function score() {
		document.getElementById("score").textContent = predicting ?
		    "right " + quiz.right + ", wrong " + quiz.wrong : "";
		document.documentElement.classList.toggle("predicting", predicting);
		hideFuture();
	}

	/* Predicting, the capture's name is neither in the heading nor in
	 * the title, and the ladder ends as far below the current packet at
	 * every step (its viewBox cut there), so that neither its length nor
	 * its scroll bar tells how many packets come.  Else the name and the
	 * whole drawing. */
	function hideFuture() {
		var current, box, bottom;
		heading.textContent = predicting ? "TCP ladder: what next?" : named.heading;
		document.documentElement.classList.toggle("unsaid", predicting && step < packets.length);
		document.title = predicting ? heading.textContent : named.title;
		showStates(step);
		if (!predicting) {
			drawing.setAttribute("height", drawn.height);
			drawing.setAttribute("viewBox", drawn.box);
			return;
		}
		current = drawing.querySelector("[aria-current]");
		box = current ? current.getBBox() : null;
		bottom = Math.ceil(box ? box.y + box.height : 70) + 400;
		drawing.setAttribute("height", String(bottom));
		drawing.setAttribute("viewBox", "0 0 " + drawn.box.split(" ")[2] + " " + bottom);
	}

	function next() {
		if (step >= packets.length) {
			return;
		}
		if (predicting && !quiz.answered[step + 1] && question.hidden) {
			ask(step);
			return;
		}
		show(step + 1, true);
	}

	function setScale(s) {
		scale = Math.min(Math.max(Math.round(s * 10) / 10, 0.6), 2);
		document.documentElement.style.setProperty("--scale", scale.toFixed(1));
		save("handshake:scale", scale);
		keepInView(document.querySelector("#ladder [aria-current]"));
	}

	function go(what) {
		if (what === "next") {
			next();
		} else if (what === "back") {
			show(Math.max(step - 1, 0), true);
		} else if (what === "home") {
			show(0, true);
		} else if (what === "end") {
			show(packets.length, true);
		} else if (what === "predict") {
			predicting = !predicting;
			predictButton.setAttribute("aria-pressed", String(predicting));
			save(key + "predicting", predicting);
			question.hidden = true;
			score();
			keepInView(drawing.querySelector("[aria-current]"));
		} else if (what === "larger" || what === "smaller") {
			setScale(scale + (what === "larger" ? 0.1 : -0.1));
		}
	}

	var keys = {
		ArrowRight: "next", " ": "next", PageDown: "next", Enter: "next",
		ArrowLeft: "back", PageUp: "back", Backspace: "back",
		Home: "home", End: "end", p: "predict", P: "predict",
		"+": "larger", "=": "larger", "-": "smaller"
	};

	document.addEventListener("keydown", function (event) {
		var what = keys[event.key];
		var chosen;
		if (event.altKey || event.ctrlKey || event.metaKey) {
			return;
		}
		if (/^[0-9]$/.test(event.key) && !question.hidden) {
			/* 1 the first answer, ... 9 the ninth, 0 the tenth */
			chosen = choices.querySelectorAll("[data-answer]")[(parseInt(event.key, 10) + 9) % 10];
			if (chosen) {
				event.preventDefault();
				chosen.click();
			}
			return;
		}
		if (!what) {
			return;
		}
		/* Enter and Space on a button or a "more" press that instead. */
		if ((event.key === "Enter" || event.key === " ") && document.activeElement &&
		    /^(BUTTON|SUMMARY)$/.test(document.activeElement.tagName)) {
			return;
		}
		event.preventDefault();
		go(what);
	});

	document.getElementById("controls").addEventListener("click", function (event) {
		var button = event.target.closest("[data-go]");
		if (button) {
			go(button.getAttribute("data-go"));
		}
	});

	window.addEventListener("hashchange", function () {
		var k = stepOf(location.hash);
		if (k >= 0 && k !== step) {
			show(k, false);
		}
	});
	window.addEventListener("popstate", function () {
		var k = stepOf(location.hash);
		if (k >= 0 && k !== step) {
			show(k, false);
		}
	});

	/* Printing: every detail unfolded. */
	window.addEventListener("beforeprint", function () {
		var all = document.querySelectorAll("details");
		var i;
		for (i = 0; i < all.length; i++) {
			all[i].open = true;
		}
	});

	quiz = load(key + "quiz", quiz);
	if (!quiz || typeof quiz.answered !== "object") {
		quiz = {answered: {}, right: 0, wrong: 0};
	}
	predicting = load(key + "predicting", false) === true;
	predictButton.setAttribute("aria-pressed", String(predicting));
	setScale(Number(load("handshake:scale", 1)) || 1);
	score();
	show(Math.max(stepOf(location.hash), 0), false);
}());
