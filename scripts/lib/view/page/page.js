/* scripts/lib/view/page/page.js - the classroom page's stepping (html.awk inlines it).
 * The page already holds every packet and its explanation; this only shows
 * them one at a time.  The step is the URL's fragment: #0 none yet, #k
 * packets 1..k with the k-th explained, so that a link points at a moment.
 * Predict mode asks, before each packet, who sends it and with which
 * flags, and keeps the score.  The packets come as data (#data). */
(function () {
	"use strict";

	var data = JSON.parse(document.getElementById("data").textContent);
	var packets = data.packets;
	var groups = document.querySelectorAll("#ladder .packet");
	var items = document.querySelectorAll("#packets li");
	var question = document.getElementById("question");
	var choices = document.getElementById("choices");
	var verdict = document.getElementById("verdict");
	var predictButton = document.querySelector("[data-go=predict]");
	var step = 0;
	var predicting = false;
	var answered = {};	/* step -> true once the class has answered it */
	var right = 0;
	var wrong = 0;
	var scale = 1;

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

	/* The state machine's boxes for these states, lit; the others not. */
	function light(states) {
		var texts = document.querySelectorAll("#machine text.state");
		var i, box;
		for (i = 0; i < texts.length; i++) {
			box = texts[i].previousElementSibling;
			if (box && box.tagName.toLowerCase() === "rect") {
				box.classList.toggle("lit", states.indexOf(texts[i].textContent) >= 0);
			}
		}
	}

	function statesAt(k) {
		if (k === 0) {
			return [data.first.client, data.first.server];
		}
		return [packets[k - 1].client, packets[k - 1].server];
	}

	function show(k) {
		var i;
		step = k;
		for (i = 0; i < groups.length; i++) {
			groups[i].classList.toggle("future", i >= k);
			groups[i].classList.toggle("current", i === k - 1);
		}
		for (i = 0; i < items.length; i++) {
			items[i].classList.toggle("current", i === k);
		}
		light(statesAt(k));
		document.getElementById("step").textContent =
		    (k === 0 ? "no packet yet" : "packet " + packets[k - 1].number) +
		    " (" + k + " of " + packets.length + ")";
		question.hidden = true;
		if (location.hash !== "#" + k) {
			history.replaceState(null, "", "#" + k);
		}
	}

	/* Who sends, with which flags: each kind the capture holds, once. */
	function kinds() {
		var seen = {};
		var list = [];
		packets.forEach(function (p) {
			var kind = p.side + " " + p.names;
			if (!seen[kind]) {
				seen[kind] = true;
				list.push(kind);
			}
		});
		return list;
	}

	function ask(k) {
		var next = packets[k];
		var answer = next.side + " " + next.names;
		choices.textContent = "";
		verdict.textContent = "";
		document.getElementById("ask").textContent =
		    "Packet " + next.number + ": who sends it, with which flags?";
		kinds().forEach(function (kind) {
			var button = document.createElement("button");
			button.type = "button";
			button.textContent = kind;
			button.addEventListener("click", function () {
				var buttons = choices.querySelectorAll("button");
				var i;
				if (answered[k + 1]) {
					return;
				}
				answered[k + 1] = true;
				if (kind === answer) {
					right++;
					verdict.textContent = "Right: " + answer + ".";
				} else {
					wrong++;
					verdict.textContent = "No: it is " + answer + ".";
				}
				for (i = 0; i < buttons.length; i++) {
					if (buttons[i].textContent === answer) {
						buttons[i].classList.add("right");
					} else if (buttons[i] === button) {
						buttons[i].classList.add("wrong");
					}
				}
				score();
			});
			choices.appendChild(button);
		});
		question.hidden = false;
	}

	function score() {
		document.getElementById("score").textContent = predicting ?
		    "right " + right + ", wrong " + wrong : "";
	}

	function next() {
		if (step >= packets.length) {
			return;
		}
		if (predicting && !answered[step + 1] && question.hidden) {
			ask(step);
			return;
		}
		show(step + 1);
	}

	function go(what) {
		if (what === "next") {
			next();
		} else if (what === "back") {
			show(Math.max(step - 1, 0));
		} else if (what === "home") {
			show(0);
		} else if (what === "end") {
			show(packets.length);
		} else if (what === "predict") {
			predicting = !predicting;
			predictButton.setAttribute("aria-pressed", String(predicting));
			question.hidden = true;
			score();
		} else if (what === "larger" || what === "smaller") {
			scale = Math.min(Math.max(scale + (what === "larger" ? 0.1 : -0.1), 0.6), 2);
			document.documentElement.style.setProperty("--scale", scale.toFixed(1));
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
		if (!what || event.altKey || event.ctrlKey || event.metaKey) {
			return;
		}
		/* Enter and Space on a button press that button instead. */
		if ((event.key === "Enter" || event.key === " ") &&
		    document.activeElement && document.activeElement.tagName === "BUTTON") {
			return;
		}
		event.preventDefault();
		go(what);
	});

	document.getElementById("controls").addEventListener("click", function (event) {
		var what = event.target.getAttribute("data-go");
		if (what) {
			go(what);
			event.target.blur();
		}
	});

	window.addEventListener("hashchange", function () {
		var k = stepOf(location.hash);
		if (k >= 0 && k !== step) {
			show(k);
		}
	});

	show(Math.max(stepOf(location.hash), 0));
}());
