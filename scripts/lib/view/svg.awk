# scripts/lib/view/svg.awk - the SVG view: the ladder as a standalone SVG file
# (svg-ladder.awk draws it), for a handout or a projector.

function draw() {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	svg_ladder("")
}
