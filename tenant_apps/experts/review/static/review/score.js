// Running total on the expert's score sheet: plain sum, or (weighted) score / max * weight.
(function () {
  var form = document.getElementById("score-form");
  var out = document.getElementById("score-total");
  if (!form || !out) return;
  var weighted = form.getAttribute("data-weighted") === "1";
  function update() {
    var total = 0, filled = 0;
    form.querySelectorAll("input[data-max]").forEach(function (input) {
      var value = parseFloat(input.value);
      if (isNaN(value)) return;
      filled += 1;
      total += weighted ? value / parseFloat(input.getAttribute("data-max")) * parseFloat(input.getAttribute("data-weight")) : value;
    });
    out.textContent = filled ? (Math.round(total * 100) / 100).toString() : "—";
  }
  form.addEventListener("input", update);
  update();
})();
