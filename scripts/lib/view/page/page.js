/* scripts/lib/view/page/page.js - the classroom page's stepping (html.awk inlines it).
 * The page already holds every packet and its explanation; this only shows
 * them one at a time.  The step is the URL's fragment: #0 none yet, #k
 * packets 1..k with the k-th explained, so that a link points at a moment,
 * and Back and Forward step.  Elements are found by what they carry, never
 * by position: a packet's arrow and explanation by data-step (the current
 * one gets aria-current="step"), a side's states by data-side and
 * data-state (the current one gets data-lit="client" or "server").
 * Predict mode asks, before each packet, who sends it and with which
 * flags; the keys 1 to 9 answer; the score is kept in localStorage, as is
 * the type size.  The packets come as data (#data). */
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
	document.getElementById("controls").hidden = false;

	/* The step a fragment names, within 0..packets.length; -1: none. */
	function stepOf(hash) {
		var m = /^#([0-9]+)$/.exec(hash);
		if (!m) {
			return -1;
		}
		return Math.min(parseInt(m[1], 10), packets.length);
	}

	/* Each side's box for its state, lit; the others not. */
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
		light("client", k === 0 ? data.first.client : packets[k - 1].client);
		light("server", k === 0 ? data.first.server : packets[k - 1].server);
		document.getElementById("step").textContent =
		    (k === 0 ? "no packet yet" : "packet " + packets[k - 1].number);
		question.hidden = true;
		panel.scrollTop = 0;
		keepInView(current);
		if (location.hash !== "#" + k) {
			if (push) {
				history.pushState(null, "", "#" + k);
			} else {
				history.replaceState(null, "", "#" + k);
			}
		}
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

	/* The answers: every sender and flags a student might expect, and
	 * "lost" and "sent again", whatever the capture holds. */
	var kinds = ["client SYN", "server SYN-ACK", "server RST", "client ACK",
	    "server ACK", "client data", "server data", "client FIN", "server FIN"];

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

	function ask(k) {
		var next = packets[k];
		var answer = kindOf(next);
		choices.textContent = "";
		verdict.textContent = "";
		document.getElementById("ask").textContent =
		    "Next packet: who sends it, and what is it?";
		kinds.forEach(function (kind, i) {
			var button = document.createElement("button");
			button.type = "button";
			button.setAttribute("data-answer", kind);
			button.textContent = (i + 1) + " " + kind;
			button.addEventListener("click", function () {
				answer1(k, kind, answer);
			});
			choices.appendChild(button);
		});
		question.hidden = false;
		panel.scrollTop = 0;
	}

	function answer1(k, kind, answer) {
		var buttons = choices.querySelectorAll("[data-answer]");
		var i;
		if (quiz.answered[k + 1]) {
			return;
		}
		quiz.answered[k + 1] = true;
		if (kind === answer) {
			quiz.right++;
			verdict.textContent = "Right: " + answer + ".";
		} else {
			quiz.wrong++;
			verdict.textContent = "No: it is " + answer + ".";
		}
		for (i = 0; i < buttons.length; i++) {
			if (buttons[i].getAttribute("data-answer") === answer) {
				buttons[i].classList.add("right");
			} else if (buttons[i].getAttribute("data-answer") === kind) {
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
		if (/^[1-9]$/.test(event.key) && !question.hidden) {
			chosen = choices.querySelectorAll("[data-answer]")[parseInt(event.key, 10) - 1];
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
