// Skip logic on the phone: hide the questions the current answers jump over (the server checks
// the same path on submit). A single-choice question's data-jumps maps an option index to the
// position of a later question or "end".
(function () {
  var form = document.querySelector("[data-survey]");
  if (!form) return;
  var blocks = Array.prototype.slice.call(form.querySelectorAll(".survey-question"));
  function chosen(block) {
    var input = block.querySelector("input[type=radio]:checked");
    return input ? input.value : null;
  }
  function update() {
    var byPosition = {};
    blocks.forEach(function (b, i) { byPosition[b.dataset.position] = i; });
    var visible = {}, i = 0;
    while (i >= 0 && i < blocks.length) {
      var block = blocks[i], target = null;
      visible[i] = true;
      if (block.dataset.kind === "single") {
        var jumps = JSON.parse(block.dataset.jumps || "{}"), value = chosen(block);
        if (value !== null && Object.prototype.hasOwnProperty.call(jumps, value)) target = jumps[value];
      }
      if (target === "end") break;
      i = target !== null && byPosition[String(target)] !== undefined ? byPosition[String(target)] : i + 1;
    }
    blocks.forEach(function (b, index) { b.hidden = !visible[index]; });
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function () {
    // Answers to skipped questions are not sent.
    blocks.forEach(function (b) {
      b.querySelectorAll("input, textarea").forEach(function (el) { el.disabled = b.hidden; });
    });
  });
  update();
})();
