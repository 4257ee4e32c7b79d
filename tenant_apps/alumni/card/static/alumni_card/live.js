// Cloud card: the ticking clock on the card face and, on the live verification page, a token the
// server signed a few seconds ago (refreshed every data-refresh seconds). A screenshot freezes the
// clock and the animation, and its token expires after data-valid seconds (the server refuses it).
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var clocks = document.querySelectorAll("[data-live-clock]");
  function tick() {
    var d = new Date();
    var text = pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
    for (var i = 0; i < clocks.length; i++) clocks[i].textContent = text;
  }
  tick();
  setInterval(tick, 250);

  // "扫一扫" inside WeChat (JS-SDK bridge): open the scanned partner link.
  var scan = document.querySelector("[data-card-wxscan]");
  if (scan && window.CampusWx && window.CampusWx.available) {
    window.CampusWx.ready(function (ok) {
      if (!ok) return;
      scan.hidden = false;
      scan.addEventListener("click", function () {
        window.CampusWx.scanQRCode(function (text) {
          if (/^https?:\/\//.test(text) && text.indexOf(location.host) !== -1) location.href = text;
        });
      });
    });
  }

  var box = document.querySelector("[data-live]");
  if (!box) return;
  var qr = box.querySelector("[data-live-qr]");
  var state = box.querySelector("[data-live-state]");
  var ageLabel = box.querySelector("[data-live-age]");
  var refresh = parseInt(box.getAttribute("data-refresh"), 10) || 10;
  var issued = Date.now();
  var dead = false;

  function die(message) {
    dead = true;
    box.classList.add("is-dead");
    state.textContent = message || "核验已失效，请重新扫码";
  }

  function showAge() {
    if (dead) return;
    var age = Math.floor((Date.now() - issued) / 1000);
    ageLabel.textContent = age <= 0 ? "令牌刚刚生成" : "令牌 " + age + " 秒前生成";
  }

  function load() {
    if (dead) return;
    fetch(box.getAttribute("data-token-url"), { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { die(res.body && res.body.message); return; }
        box.setAttribute("data-token", res.body.token);
        qr.innerHTML = res.body.qr_svg;
        issued = Date.now();
        showAge();
      })
      .catch(function () { state.textContent = "网络异常，正在重试…"; });
  }

  setInterval(showAge, 1000);
  setInterval(load, refresh * 1000);
})();
