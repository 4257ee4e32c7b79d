/* Draws every chart of core.charts on the page: <div class="chart" data-chart="<json id>"> with
   its ECharts option in <script type="application/json" id="<json id>">. Redraws on resize and
   after an htmx swap. */
(function () {
  "use strict";
  var charts = [];
  function draw(root) {
    if (!window.echarts) { return; }
    (root || document).querySelectorAll(".chart[data-chart]").forEach(function (element) {
      if (element.getAttribute("data-drawn")) { return; }
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) { return; }
      var chart = window.echarts.init(element, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(source.textContent));
      element.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { draw(); }); } else { draw(); }
})();
