#!/bin/sh
# setup.sh - Gradescope's image for the grading example: what grade.sh
# needs, from Debian or Ubuntu's packages (Gradescope runs it once, as
# root, when the image is built).
apt-get update &&
apt-get install -y --no-install-recommends tcpdump iproute2 util-linux nftables python3 make gcc libc6-dev
