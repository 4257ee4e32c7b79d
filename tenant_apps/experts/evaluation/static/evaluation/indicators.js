// Indicator form: show the running total of the points so staff see when it reaches 100.
(function () {
  var form = document.getElementById("indicator-form");
  var out = document.getElementById("weight-total");
  if (!form || !out) return;
  function update() {
    var total = 0;
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      var name = input.closest("tr").querySelector("input[name^='name_']");
      var value = parseInt(input.value, 10);
      if (name && name.value.trim() && !isNaN(value)) total += value;  // rows without a name are ignored on save
    });
    out.textContent = String(total);
    out.className = total === 100 ? "on" : "off";
  }
  form.addEventListener("input", update);
  update();
})();
