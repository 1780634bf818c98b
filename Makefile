# handshake - watch TCP's three-way handshake and teardown on your own machine
.POSIX:

CC = cc
CFLAGS = -std=c99 -O2 -Wall -Wextra -Wpedantic
CPPFLAGS = -D_POSIX_C_SOURCE=200809L
LDFLAGS =
PREFIX = /usr/local
DESTDIR =

# make check: the same programs built with sanitizers, into their own folder
CHECK_FLAGS = -std=c99 -g -O1 -Wall -Wextra -Wpedantic \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

PROGRAMS = server client
# the delay line the slow-start lesson runs its link through (Linux: TUN)
TOOLS = delayline

all: $(PROGRAMS) $(TOOLS)

server: server.c number.c number.h tcpinfo.c tcpinfo.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ server.c number.c tcpinfo.c

client: client.c number.c number.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ client.c number.c

delayline: delayline.c number.c number.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ delayline.c number.c

tests/peer: tests/peer.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ tests/peer.c

# make test TESTFLAGS=-v: every test's output; TESTFLAGS=-i: stop at the
# first failure (tests/run.sh; one script alone: sh tests/t1000-*.sh -v -i)
TESTFLAGS =

test: all tests/peer
	sh tests/run.sh $(TESTFLAGS)

check: tests/peer
	mkdir -p check
	$(CC) $(CPPFLAGS) $(CHECK_FLAGS) -o check/server server.c number.c tcpinfo.c
	$(CC) $(CPPFLAGS) $(CHECK_FLAGS) -o check/client client.c number.c
	$(CC) $(CPPFLAGS) $(CHECK_FLAGS) -o check/delayline delayline.c number.c
	HANDSHAKE_BIN=check sh tests/run.sh

# make demo LESSON=name: capture a lesson live and show it;
# make replay LESSON=name: its recorded capture (no root, no tcpdump);
# EXPLAIN=1: under each packet, what its fields say
LESSON = handshake
EXPLAIN =

demo: all
	@EXPLAIN='$(EXPLAIN)' sh scripts/demo.sh $(LESSON)

replay:
	@EXPLAIN='$(EXPLAIN)' sh scripts/replay.sh $(LESSON)

# make class: every lesson's classroom page and an index, captures/class/
class:
	@sh scripts/class.sh

# GUIDE.md's picture of the handshake page at packet 4 (node, Chromium and
# npm ci --prefix tests/browser)
screenshot:
	mkdir -p captures/last
	sh scripts/ladder.sh --html captures/handshake.txt >captures/last/handshake-page.html
	node tests/browser/screenshot.js captures/last/handshake-page.html '#4' captures/handshake-page.png

lessons:
	@sh scripts/capture.sh --list

# the sample outputs of README.md, GUIDE.md, HACKING.md and lessons/*.md, made again from the reference captures
readme:
	@sh scripts/readme.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	cp -f server $(DESTDIR)$(PREFIX)/bin/handshake-server
	cp -f client $(DESTDIR)$(PREFIX)/bin/handshake-client
	chmod 755 $(DESTDIR)$(PREFIX)/bin/handshake-server \
		$(DESTDIR)$(PREFIX)/bin/handshake-client

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/handshake-server \
		$(DESTDIR)$(PREFIX)/bin/handshake-client

clean:
	rm -f $(PROGRAMS) $(TOOLS) tests/peer
	rm -rf check tests/scratch captures/last captures/class

.PHONY: all test check demo replay class screenshot lessons readme install uninstall clean
