// Partner staff page inside WeChat: "微信扫一扫" (JS-SDK bridge) scans the QR on an alumnus's live
// card page and opens the check for it. Outside WeChat the phone camera opens the same link.
(function () {
  "use strict";
  var button = document.querySelector("[data-staff-wxscan]");
  if (!button || !window.CampusWx || !window.CampusWx.available) return;
  window.CampusWx.ready(function (ok) {
    if (!ok) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      window.CampusWx.scanQRCode(function (text) {
        var path = button.getAttribute("data-check-path");
        location.href = text.indexOf(path) !== -1 ? text : path + "?t=" + encodeURIComponent(text);
      });
    });
  });
})();
