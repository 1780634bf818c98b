# scripts/lib/view/graph.awk - the graph view: the drawn connection's
# time-sequence graph as a standalone SVG file (svg-graph.awk draws it).

function draw() {
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	svg_graph("", 900, 580, 0)
}
