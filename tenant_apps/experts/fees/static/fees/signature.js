// Hand-written signature pad for the fee confirmation letter (H5). Dark strokes on a
// transparent canvas; on submit the drawing goes into the hidden field as a PNG data URL.
(function () {
  var pad = document.getElementById("signature-pad");
  var canvas = document.getElementById("signature-canvas");
  var form = document.getElementById("sign-form");
  if (!pad || !canvas || !form) return;
  var field = document.getElementById("signature-data");
  var submit = document.getElementById("signature-submit");
  var hint = document.getElementById("signature-hint");
  var context = canvas.getContext("2d");
  var drawing = false;
  var inkLength = 0;
  var last = null;

  function setUp() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var box = canvas.getBoundingClientRect();
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.lineWidth = 2.6;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#111";
    clear();
  }

  function clear() {
    context.clearRect(0, 0, canvas.width, canvas.height);
    inkLength = 0;
    last = null;
    pad.classList.remove("has-ink");
    submit.disabled = true;
    field.value = "";
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    drawing = true;
    last = point(event);
    if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
    context.fillStyle = context.strokeStyle;
    context.fill();
  });

  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) return;
    event.preventDefault();
    var next = point(event);
    context.beginPath();
    context.moveTo(last.x, last.y);
    context.lineTo(next.x, next.y);
    context.stroke();
    inkLength += Math.abs(next.x - last.x) + Math.abs(next.y - last.y);
    last = next;
    if (inkLength > 30) {
      pad.classList.add("has-ink");
      submit.disabled = false;
      if (hint) hint.hidden = true;
    }
  });

  function stop() { drawing = false; last = null; }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  canvas.addEventListener("pointerleave", stop);

  document.getElementById("signature-clear").addEventListener("click", clear);

  form.addEventListener("submit", function (event) {
    if (inkLength <= 30) {
      event.preventDefault();
      if (hint) hint.hidden = false;
      return;
    }
    field.value = canvas.toDataURL("image/png");
    submit.disabled = true;
  });

  setUp();
  window.addEventListener("orientationchange", setUp);
})();
